package dev.lightcache.runtime.internal.reactive;

import dev.lightcache.runtime.internal.InvalidatingMethod;
import dev.lightcache.runtime.internal.ProxyEngine;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** What every adapter does with the engine's futures and the delegate's results. */
final class Completion {

  private Completion() {}

  /**
   * A future with the outcome of {@code future}, failed with exactly the exception the delegate's
   * publisher signalled: joined and executor-run loads wrap it in a {@link CompletionException}, which
   * no subscriber should see.
   */
  static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> future) {
    if (future.isDone() && !future.isCompletedExceptionally()) {
      return future;
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    future.whenComplete(
        (value, error) -> {
          if (error != null) {
            result.completeExceptionally(cause(error));
          } else {
            result.complete(value);
          }
        });
    return result;
  }

  static Throwable cause(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The delegate's publisher, or a clear error where it returned {@code null}. */
  static <P> P nonNull(@Nullable P publisher, String signature, String type) {
    return Objects.requireNonNull(publisher, () -> signature + " returned a null " + type);
  }

  /**
   * One subscription to what an invalidating method returned: it invalidates once, when the write
   * succeeds, or when its subscriber disposes of it before it ended (the write may have happened). Not
   * after the write failed, and not again when a subscriber disposes of a subscription that has ended,
   * which is allowed and which the libraries' dispose and cancel callbacks still report.
   */
  static final class Write {
    private final ProxyEngine engine;
    private final InvalidatingMethod method;
    private final @Nullable Object[] arguments;
    private final AtomicBoolean ended = new AtomicBoolean();

    Write(ProxyEngine engine, InvalidatingMethod method, @Nullable Object[] arguments) {
      this.engine = engine;
      this.method = method;
      this.arguments = arguments;
    }

    /** The write succeeded with {@code value} ({@code null} for none): invalidates. */
    void succeeded(@Nullable Object value) {
      if (ended.compareAndSet(false, true)) {
        engine.invalidate(method, value, arguments);
      }
    }

    /** The write completed without a value: invalidates. */
    void completed() {
      succeeded(null);
    }

    /** The write failed: nothing to invalidate, now or on a later dispose. */
    void failed(Throwable error) {
      ended.set(true);
    }

    /** The subscriber disposed of its subscription: invalidates unless the write had ended. */
    void disposed() {
      succeeded(null);
    }
  }
}
