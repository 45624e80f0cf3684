package dev.lightcache.runtime.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Loads in progress, by key: concurrent misses of one key on one proxy call the delegate once and the
 * others take its result, unless an invalidation covering the key came after the load started; then
 * the next caller starts a load of its own instead of joining a stale one.
 *
 * <p>Every load ends its flight in a {@code finally}, whatever it throws, so no key is ever stuck.
 * Waiting is interruptible and parks without holding a monitor (no pinning of virtual threads).
 * Thread-safe.
 */
final class SingleFlight {

  private final ConcurrentHashMap<Key, Flight> flights = new ConcurrentHashMap<>();

  /**
   * Installs {@code mine} as the load of {@code key}, or finds a running load that is still current.
   *
   * @return {@code null} if {@code mine} is now the load of the key (the caller must {@link #finish}
   *     it), otherwise the running load to join
   */
  @Nullable Flight claim(Key key, Flight mine, WriteFence fence) {
    while (true) {
      Flight running = flights.get(key);
      if (running != null && !fence.invalidatedSince(running.since, key)) {
        return running;
      }
      if (running == null ? flights.putIfAbsent(key, mine) == null : flights.replace(key, running, mine)) {
        return null;
      }
    }
  }

  /** Removes a load that ended; a newer load of the key is left alone. */
  void finish(Key key, Flight mine) {
    flights.remove(key, mine);
  }

  /**
   * One load: completed with the delegate's result (async) or with {@code null} after {@link
   * #succeed}/{@link #fail} set the outcome (sync), so that a joiner gets exactly the instance the
   * delegate threw.
   */
  static final class Flight extends CompletableFuture<Object> {
    /** What {@link #await} returns when the waiting thread was interrupted. */
    static final Object INTERRUPTED = new Object();

    final Thread owner = Thread.currentThread();
    /** The fence's sequence number when the load started. */
    final long since;
    private @Nullable Object result;
    private @Nullable Throwable failure;

    Flight(long since) {
      this.since = since;
    }

    void succeed(@Nullable Object result) {
      this.result = result;
      complete(null);
    }

    void fail(Throwable failure) {
      this.failure = failure;
      complete(null);
    }

    /**
     * Waits for a synchronous load's outcome: returns its result or throws what the delegate threw.
     *
     * @return the result, or {@link #INTERRUPTED} if the thread was interrupted while waiting (its
     *     interrupt status is set again)
     */
    @Nullable Object await() {
      try {
        get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return INTERRUPTED;
      } catch (ExecutionException e) {
        throw new IllegalStateException("a synchronous load never completes exceptionally", e);
      }
      if (failure != null) {
        throw Throwables.rethrow(failure);
      }
      return result;
    }
  }
}
