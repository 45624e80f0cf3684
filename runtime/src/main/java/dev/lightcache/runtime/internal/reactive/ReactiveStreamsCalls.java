package dev.lightcache.runtime.internal.reactive;

import static dev.lightcache.runtime.internal.reactive.Completion.nonNull;

import dev.lightcache.runtime.internal.InvalidatingMethod;
import dev.lightcache.runtime.internal.ProxyEngine;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reactive Streams {@code Publisher} for invalidating methods, without any reactive library: a write
 * returning a {@code Publisher} (Micronaut's {@code @Client} style) invalidates when it completes.
 * (Caching a {@code Publisher} needs Reactor to collect and replay it: see {@link ReactorCalls}.)
 */
public final class ReactiveStreamsCalls {

  private ReactiveStreamsCalls() {}

  /**
   * An invalidating method returning {@code Publisher<T>}: invalidates when the delegate's publisher
   * completes or the subscriber cancels, before the subscriber hears of it.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param result the delegate's publisher
   * @param arguments the call's arguments
   * @param <T> the element type
   * @return the publisher to return
   */
  public static <T> Publisher<T> invalidatingPublisher(
      ProxyEngine engine,
      InvalidatingMethod method,
      @Nullable Publisher<T> result,
      @Nullable Object... arguments) {
    Publisher<T> source = nonNull(result, method.signature(), "Publisher");
    return subscriber ->
        source.subscribe(new Invalidating<>(subscriber, new Completion.Write(engine, method, arguments)));
  }

  /**
   * Passes every signal on; runs the invalidation once, on completion or on a cancellation before the
   * end. A cancellation after {@code onError} is none (rule 3.7): a failed write invalidates nothing.
   */
  private static final class Invalidating<T> implements Subscriber<T>, Subscription {
    private final Subscriber<? super T> downstream;
    private final Completion.Write write;
    private @Nullable Subscription upstream;

    Invalidating(Subscriber<? super T> downstream, Completion.Write write) {
      this.downstream = downstream;
      this.write = write;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      this.upstream = subscription;
      downstream.onSubscribe(this);
    }

    @Override
    public void onNext(T item) {
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable error) {
      write.failed(error);
      downstream.onError(error);
    }

    @Override
    public void onComplete() {
      write.completed();
      downstream.onComplete();
    }

    @Override
    public void request(long n) {
      upstream().request(n);
    }

    @Override
    public void cancel() {
      write.disposed();
      upstream().cancel();
    }

    private Subscription upstream() {
      Subscription subscription = upstream;
      if (subscription == null) {
        throw new IllegalStateException("request or cancel before onSubscribe");
      }
      return subscription;
    }
  }
}
