package dev.lightcache.runtime.internal.reactive;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
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
}
