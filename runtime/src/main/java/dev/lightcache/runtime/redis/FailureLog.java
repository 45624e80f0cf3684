package dev.lightcache.runtime.redis;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Logs Redis failures through {@link System.Logger} (logger {@code dev.lightcache.redis}) at most once
 * per kind every interval, with the number of failures left out since the previous line: an outage
 * must not flood the log at the rate of the application's calls. Thread-safe.
 */
final class FailureLog {

  enum Kind {
    GET,
    SET,
    DELETE,
    INVALIDATE,
    ENCODE,
    CORRUPT
  }

  private static final System.Logger LOGGER = System.getLogger("dev.lightcache.redis");

  private final long intervalNanos;
  private final AtomicLongArray nextLogAt = new AtomicLongArray(Kind.values().length);
  private final AtomicLong[] suppressed = new AtomicLong[Kind.values().length];

  FailureLog(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    long now = System.nanoTime();
    for (int i = 0; i < suppressed.length; i++) {
      suppressed[i] = new AtomicLong();
      nextLogAt.set(i, now);
    }
  }

  void log(Kind kind, String message, Throwable error) {
    int slot = kind.ordinal();
    long now = System.nanoTime();
    long due = nextLogAt.get(slot);
    if (now - due >= 0 && nextLogAt.compareAndSet(slot, due, now + intervalNanos)) {
      long skipped = suppressed[slot].getAndSet(0);
      LOGGER.log(
          Level.WARNING,
          skipped == 0 ? message : message + " (" + skipped + " similar failures not logged)",
          error);
    } else {
      suppressed[slot].incrementAndGet();
    }
  }

  /** Logs a rare event, such as a circuit breaker transition, without rate limiting. */
  static void event(Level level, String message) {
    LOGGER.log(level, message);
  }
}
