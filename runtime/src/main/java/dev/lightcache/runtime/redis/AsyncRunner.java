package dev.lightcache.runtime.redis;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The bounded executor behind the {@code *Async} calls: a fixed number of daemon threads that time out
 * when idle and a bounded queue. It never blocks a caller: a task that does not fit is refused at once,
 * completed with its fallback and counted. Thread-safe.
 */
final class AsyncRunner {

  private final ThreadPoolExecutor executor;
  private final LongAdder dropped = new LongAdder();

  AsyncRunner(int threads, int queueCapacity) {
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            task -> {
              Thread thread =
                  new Thread(task, "lightcache-redis-async-" + threadNumber.incrementAndGet());
              thread.setDaemon(true); // never keeps the JVM alive
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    executor.allowCoreThreadTimeOut(true); // an idle cache holds no threads
  }

  /**
   * Runs {@code task} on a pool thread; when the queue is full (or the runner is shut down), completes
   * at once with {@code whenRefused}, which runs in the caller's thread, and counts the refusal.
   */
  <R> CompletableFuture<@Nullable R> submit(
      Supplier<@Nullable R> task, Supplier<@Nullable R> whenRefused) {
    CompletableFuture<@Nullable R> future = new CompletableFuture<>();
    try {
      executor.execute(new Task(future, task, whenRefused));
    } catch (RejectedExecutionException e) {
      dropped.increment();
      future.complete(whenRefused.get());
    }
    return future;
  }

  /** Runs a task of the cache's own on a pool thread; {@code false}, not counted, if refused. */
  boolean tryExecute(Runnable task) {
    try {
      executor.execute(new Task<>(new CompletableFuture<>(), () -> {
        task.run();
        return null;
      }, () -> null));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  long droppedCount() {
    return dropped.sum();
  }

  /**
   * Stops taking tasks and waits up to {@code timeoutNanos} for the running and queued ones; tasks
   * still queued then are not run, their fallbacks are (so a queued delete is remembered, not lost).
   */
  void shutdown(long timeoutNanos) {
    executor.shutdown();
    try {
      if (executor.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Runnable queued : executor.shutdownNow()) {
      ((Task<?>) queued).refuse();
    }
  }

  private static final class Task<R> implements Runnable {
    private final CompletableFuture<@Nullable R> future;
    private final Supplier<@Nullable R> task;
    private final Supplier<@Nullable R> whenRefused;

    Task(
        CompletableFuture<@Nullable R> future,
        Supplier<@Nullable R> task,
        Supplier<@Nullable R> whenRefused) {
      this.future = future;
      this.task = task;
      this.whenRefused = whenRefused;
    }

    @Override
    public void run() {
      try {
        future.complete(task.get());
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    }

    void refuse() {
      try {
        future.complete(whenRefused.get());
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    }
  }
}
