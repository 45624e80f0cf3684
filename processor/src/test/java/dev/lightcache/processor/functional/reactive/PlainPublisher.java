package dev.lightcache.processor.functional.reactive;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A Reactive Streams publisher written against the interfaces alone, as a client without Reactor
 * returns: each subscription runs {@code source} once (one request) and emits the elements of the list
 * it completes with, as they are requested, then completes; or fails with what {@code source} failed
 * with.
 */
final class PlainPublisher<T> implements Publisher<T> {
  private final Supplier<CompletableFuture<List<T>>> source;
  private final Runnable onCancel;

  PlainPublisher(Supplier<CompletableFuture<List<T>>> source, Runnable onCancel) {
    this.source = source;
    this.onCancel = onCancel;
  }

  PlainPublisher(Supplier<CompletableFuture<List<T>>> source) {
    this(source, () -> {});
  }

  @Override
  public void subscribe(Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Emission<T> emission = new Emission<>(subscriber, onCancel);
    subscriber.onSubscribe(emission);
    CompletableFuture<List<T>> result;
    try {
      result = source.get();
    } catch (RuntimeException e) {
      emission.fail(e);
      return;
    }
    result.whenComplete(
        (items, error) -> {
          if (error != null) {
            emission.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
          } else {
            emission.deliver(items);
          }
        });
  }

  /** One subscription: emits what is requested of the delivered list; signals are serialised. */
  private static final class Emission<T> implements Subscription {
    private final Subscriber<? super T> downstream;
    private final Runnable onCancel;
    private final AtomicInteger wip = new AtomicInteger();
    private List<T> items;
    private Throwable error;
    private int next;
    private long requested;
    private boolean cancelled;
    private boolean done;

    Emission(Subscriber<? super T> downstream, Runnable onCancel) {
      this.downstream = downstream;
      this.onCancel = onCancel;
    }

    @Override
    public void request(long n) {
      synchronized (this) {
        if (n <= 0) {
          error = new IllegalArgumentException("§3.9: request(" + n + ")");
        } else {
          requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
        }
      }
      drain();
    }

    @Override
    public void cancel() {
      boolean first;
      synchronized (this) {
        first = !cancelled && !done;
        cancelled = true;
      }
      if (first) {
        onCancel.run();
      }
    }

    void deliver(List<T> list) {
      synchronized (this) {
        items = list;
      }
      drain();
    }

    void fail(Throwable failure) {
      synchronized (this) {
        error = failure;
      }
      drain();
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        while (true) {
          T item = null;
          Throwable failure = null;
          boolean complete = false;
          synchronized (this) {
            if (cancelled || done) {
              break;
            }
            if (error != null) {
              done = true;
              failure = error;
            } else if (items == null) {
              break;
            } else if (next == items.size()) {
              done = true;
              complete = true;
            } else if (requested == 0) {
              break;
            } else {
              item = items.get(next++);
              if (requested != Long.MAX_VALUE) {
                requested--;
              }
            }
          }
          if (failure != null) {
            downstream.onError(failure);
            break;
          }
          if (complete) {
            downstream.onComplete();
            break;
          }
          downstream.onNext(item);
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }
  }
}
