package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Stops calling Redis after {@code threshold} consecutive failures, so that an outage costs each call
 * at most one timeout and then nothing at all.
 *
 * <p>Closed: every call goes through. Open: calls are refused for {@code openNanos}, at the cost of a
 * volatile read and a clock read. Then half-open: exactly one call (the probe) goes through; its
 * success closes the breaker, its failure opens it again for another period.
 *
 * <p>Every {@link #tryAcquire()} that returns {@code true} must be followed by {@link #onSuccess()} or
 * {@link #onFailure()}, or a half-open breaker would wait for its probe forever. Thread-safe.
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

  private final int threshold;
  private final long openNanos;
  private final LongSupplier nanoClock;
  private final Listener listener;

  private final AtomicInteger state = new AtomicInteger(CircuitState.CLOSED.ordinal());
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile long openedAt;

  CircuitBreaker(int threshold, long openNanos, LongSupplier nanoClock, Listener listener) {
    this.threshold = threshold;
    this.openNanos = openNanos;
    this.nanoClock = nanoClock;
    this.listener = listener;
  }

  /**
   * Whether a call may go to Redis now; {@code true} from an open breaker makes the caller the probe.
   */
  boolean tryAcquire() {
    int current = state.get();
    if (current == CircuitState.CLOSED.ordinal()) {
      return true;
    }
    if (current == CircuitState.OPEN.ordinal() && nanoClock.getAsLong() - openedAt >= openNanos) {
      return state.compareAndSet(current, CircuitState.HALF_OPEN.ordinal());
    }
    return false;
  }

  /**
   * Whether calls are refused now and for a while (open and not yet due for a probe, or a probe is
   * under way); a cheap check that changes nothing, for callers that would otherwise queue work.
   */
  boolean refusesNow() {
    int current = state.get();
    return current == CircuitState.HALF_OPEN.ordinal()
        || (current == CircuitState.OPEN.ordinal() && nanoClock.getAsLong() - openedAt < openNanos);
  }

  /**
   * Records a call that reached Redis and got an answer.
   *
   * @return {@code true} if this closed an open or half-open breaker
   */
  boolean onSuccess() {
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0); // written only when needed: the hot path stays read-only
    }
    int current = state.get();
    if (current != CircuitState.CLOSED.ordinal()
        && state.compareAndSet(current, CircuitState.CLOSED.ordinal())) {
      listener.closed();
      return true;
    }
    return false;
  }

  /** Records a call that could not reach Redis or got no answer in time. */
  void onFailure() {
    int failures = consecutiveFailures.incrementAndGet();
    int current = state.get();
    if (current == CircuitState.HALF_OPEN.ordinal()) {
      open(current, failures); // the probe failed
    } else if (current == CircuitState.CLOSED.ordinal() && failures >= threshold) {
      open(current, failures);
    }
  }

  private void open(int from, int failures) {
    // Written before the state, so that no reader sees OPEN with the time of an earlier opening.
    openedAt = nanoClock.getAsLong();
    if (state.compareAndSet(from, CircuitState.OPEN.ordinal())) {
      listener.opened(failures, from == CircuitState.HALF_OPEN.ordinal());
    }
  }

  CircuitState state() {
    return CircuitState.values()[state.get()];
  }
}
