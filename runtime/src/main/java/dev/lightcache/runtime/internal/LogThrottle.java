package dev.lightcache.runtime.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lets one log line per slot through every interval and counts the ones it holds back, so that an
 * outage does not flood the log at the rate of the application's calls. Thread-safe.
 */
public final class LogThrottle {

  private final long intervalNanos;
  private final AtomicLongArray nextLogAt;
  private final AtomicLong[] suppressed;

  /**
   * A throttle with {@code slots} independent slots (one per kind of failure).
   *
   * @param slots the number of slots
   * @param intervalNanos the least time between two lines of one slot
   */
  public LogThrottle(int slots, long intervalNanos) {
    this.intervalNanos = intervalNanos;
    this.nextLogAt = new AtomicLongArray(slots);
    this.suppressed = new AtomicLong[slots];
    long now = System.nanoTime();
    for (int i = 0; i < slots; i++) {
      suppressed[i] = new AtomicLong();
      nextLogAt.set(i, now);
    }
  }

  /**
   * Decides whether a line of {@code slot} may be logged now.
   *
   * @param slot the slot
   * @return the number of lines held back since the last one let through, or {@code -1} when this
   *     line is held back too
   */
  public long tryLog(int slot) {
    long now = System.nanoTime();
    long due = nextLogAt.get(slot);
    if (now - due >= 0 && nextLogAt.compareAndSet(slot, due, now + intervalNanos)) {
      return suppressed[slot].getAndSet(0);
    }
    suppressed[slot].incrementAndGet();
    return -1;
  }
}
