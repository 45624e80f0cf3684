package dev.lightcache.runtime.internal.reactive;

import static dev.lightcache.runtime.internal.reactive.Completion.nonNull;
import static dev.lightcache.runtime.internal.reactive.Completion.unwrapped;

import dev.lightcache.runtime.internal.CachedMethod;
import dev.lightcache.runtime.internal.InvalidatingMethod;
import dev.lightcache.runtime.internal.Key;
import dev.lightcache.runtime.internal.Loader;
import dev.lightcache.runtime.internal.ProxyEngine;
import dev.lightcache.runtime.internal.reactive.Completion.Write;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactor {@code Mono} and {@code Flux}, and Reactive Streams {@code Publisher} where Reactor is on the
 * classpath. The load runs with the context of the subscriber that started it.
 */
public final class ReactorCalls {

  private ReactorCalls() {}

  /**
   * A cached method returning {@code Mono<T>}: the emitted value is stored (an empty {@code Mono} as a
   * cached null, where nulls are cached).
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param key the call's key
   * @param delegate calls the delegate
   * @param <T> the value type
   * @return a lazy {@code Mono} of the cached or loaded value
   */
  public static <T> Mono<T> mono(
      ProxyEngine engine, CachedMethod method, Key key, Loader<? extends @Nullable Mono<T>> delegate) {
    return Mono.deferContextual(
        context ->
            Mono.fromFuture(
                unwrapped(
                    engine.getAsync(
                        method,
                        key,
                        () -> nonNull(delegate.load(), method.signature(), "Mono")
                            .contextWrite(context)
                            .toFuture()))));
  }

  /**
   * A cached method returning {@code Flux<T>} or {@code Publisher<T>}: the elements are stored as a
   * list and replayed as a {@code Flux}.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param key the call's key
   * @param delegate calls the delegate
   * @param <T> the element type
   * @return a lazy {@code Flux} of the cached or loaded elements
   */
  public static <T> Flux<T> flux(
      ProxyEngine engine,
      CachedMethod method,
      Key key,
      Loader<? extends @Nullable Publisher<T>> delegate) {
    return Flux.deferContextual(
        context ->
            Mono.fromFuture(
                    unwrapped(
                        engine.<List<T>>getAsync(
                            method,
                            key,
                            () -> Flux.from(nonNull(delegate.load(), method.signature(), "Publisher"))
                                .collectList()
                                .contextWrite(context)
                                .toFuture())))
                .flatMapIterable(list -> list));
  }

  /**
   * An invalidating method returning {@code Mono<T>}: each subscription invalidates once, when the
   * delegate's {@code Mono} completes with or without a value (before the subscriber hears of it) or
   * the subscriber cancels before the end; never after a failure.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param result the delegate's {@code Mono}
   * @param arguments the call's arguments
   * @param <T> the value type
   * @return the {@code Mono} to return
   */
  public static <T> Mono<T> invalidatingMono(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Mono<T> result, @Nullable Object... arguments) {
    Mono<T> mono = nonNull(result, method.signature(), "Mono");
    return Mono.defer(
        () -> {
          Write write = new Write(engine, method, arguments);
          return mono.doOnSuccess(write::succeeded).doOnError(write::failed).doOnCancel(write::disposed);
        });
  }

  /**
   * An invalidating method returning {@code Flux<T>}: each subscription invalidates once, when the
   * delegate's {@code Flux} completes or the subscriber cancels before the end; never after a failure.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param result the delegate's {@code Flux}
   * @param arguments the call's arguments
   * @param <T> the element type
   * @return the {@code Flux} to return
   */
  public static <T> Flux<T> invalidatingFlux(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Flux<T> result, @Nullable Object... arguments) {
    Flux<T> flux = nonNull(result, method.signature(), "Flux");
    return Flux.defer(
        () -> {
          Write write = new Write(engine, method, arguments);
          return flux.doOnComplete(write::completed).doOnError(write::failed).doOnCancel(write::disposed);
        });
  }
}
