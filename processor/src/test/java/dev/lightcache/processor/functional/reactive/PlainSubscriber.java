package dev.lightcache.processor.functional.reactive;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A Reactive Streams subscriber written against the interfaces alone: requests everything, records the
 * elements, and completes {@link #done} with them (or with the error). {@link #onCompletion} runs when
 * {@code onComplete} arrives, before {@link #done} completes: what it sees is what the subscriber saw
 * when it heard of the completion.
 */
final class PlainSubscriber<T> implements Subscriber<T> {
  final List<T> items = new CopyOnWriteArrayList<>();
  final CompletableFuture<List<T>> done = new CompletableFuture<>();
  private final Runnable onCompletion;
  private volatile Subscription subscription;

  PlainSubscriber(Runnable onCompletion) {
    this.onCompletion = onCompletion;
  }

  PlainSubscriber() {
    this(() -> {});
  }

  /** Subscribes a new subscriber to {@code publisher}. */
  static <T> PlainSubscriber<T> subscribe(org.reactivestreams.Publisher<T> publisher) {
    PlainSubscriber<T> subscriber = new PlainSubscriber<>();
    publisher.subscribe(subscriber);
    return subscriber;
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(T item) {
    items.add(item);
  }

  @Override
  public void onError(Throwable error) {
    done.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    onCompletion.run();
    done.complete(List.copyOf(items));
  }

  void cancel() {
    subscription.cancel();
  }

  /** The elements, once the publisher completed: waits 5 s at most. */
  List<T> result() {
    try {
      return done.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("did not complete", e);
    }
  }

  /** The error this subscriber received, waiting 5 s at most (the test fails if it received none). */
  Throwable error() {
    Throwable error;
    try {
      error = done.handle((items, failure) -> failure).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("not terminated", e);
    }
    if (error == null) {
      throw new AssertionError("no error: completed with " + done.join());
    }
    return error;
  }
}
