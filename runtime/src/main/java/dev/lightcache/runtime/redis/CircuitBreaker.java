package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Stops calling Redis after {@code threshold} consecutive failures, so that an outage costs each call
 * at most one timeout and then nothing at all.
 *
 * <p>Closed: every call goes through. Open: calls are refused, at the cost of a volatile read. After
 * {@code openNanos} the cache's own timer (never a caller) takes the probe ({@link #tryProbe()}): the
 * breaker is half-open, calls are still refused, and the probe's outcome either closes it ({@link
 * #probeSucceeded()}) or opens it for another period ({@link #probeFailed()}). Callers never pay for
 * finding out whether Redis is back. Thread-safe.
 */
final class CircuitBreaker {

  /** Told about transitions, in the thread that caused them. */
  interface Listener {
    /**
     * The breaker opened.
     *
     * @param consecutiveFailures the failures in a row so far
     * @param probeFailed whether this was a half-open probe failing again rather than a fresh outage
     */
    void opened(int consecutiveFailures, boolean probeFailed);

    void closed();
  }

  private static final int CLOSED = CircuitState.CLOSED.ordinal();
  private static final int OPEN = CircuitState.OPEN.ordinal();
  private static final int HALF_OPEN = CircuitState.HALF_OPEN.ordinal();

  private final int threshold;
  private final long openNanos;
  private final LongSupplier nanoClock;
  private final Listener listener;

  private final AtomicInteger state = new AtomicInteger(CLOSED);
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile long openedAt;

  CircuitBreaker(int threshold, long openNanos, LongSupplier nanoClock, Listener listener) {
    this.threshold = threshold;
    this.openNanos = openNanos;
    this.nanoClock = nanoClock;
    this.listener = listener;
  }

  /** Whether a caller's command may go to Redis now: only while closed. One volatile read. */
  boolean allowsCalls() {
    return state.get() == CLOSED;
  }

  /** Records a caller's command that reached Redis and got an answer. Never closes the breaker. */
  void onSuccess() {
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0); // written only when needed: the hot path stays read-only
    }
  }

  /** Records a command that could not reach Redis or got no answer in time. */
  void onFailure() {
    int failures = consecutiveFailures.incrementAndGet();
    if (state.get() == CLOSED && failures >= threshold) {
      open(CLOSED, failures);
    }
  }

  /**
   * How long until an open breaker is due for its probe.
   *
   * @return nanoseconds, 0 or less when due; {@link Long#MAX_VALUE} when not open
   */
  long nanosUntilProbe() {
    if (state.get() != OPEN) {
      return Long.MAX_VALUE;
    }
    return openedAt + openNanos - nanoClock.getAsLong();
  }

  /** Makes the caller the probe if the breaker is open and due: it is half-open afterwards. */
  boolean tryProbe() {
    return state.get() == OPEN
        && nanoClock.getAsLong() - openedAt >= openNanos
        && state.compareAndSet(OPEN, HALF_OPEN);
  }

  /** The probe found Redis answering (and everything it had to do first is done): close. */
  void probeSucceeded() {
    consecutiveFailures.set(0);
    if (state.compareAndSet(HALF_OPEN, CLOSED)) {
      listener.closed();
    }
  }

  /** The probe failed: open for another full period. */
  void probeFailed() {
    int failures = consecutiveFailures.incrementAndGet();
    if (state.get() == HALF_OPEN) {
      open(HALF_OPEN, failures);
    }
  }

  private void open(int from, int failures) {
    // Written before the state, so that no reader sees OPEN with the time of an earlier opening.
    openedAt = nanoClock.getAsLong();
    if (state.compareAndSet(from, OPEN)) {
      listener.opened(failures, from == HALF_OPEN);
    }
  }

  CircuitState state() {
    return CircuitState.values()[state.get()];
  }
}
