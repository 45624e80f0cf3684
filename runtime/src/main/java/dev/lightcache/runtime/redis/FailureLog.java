package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.internal.LogThrottle;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

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
    CORRUPT,
    OVERSIZE
  }

  private static final System.Logger LOGGER = System.getLogger("dev.lightcache.redis");

  private final LogThrottle throttle;

  FailureLog(long intervalNanos) {
    this.throttle = new LogThrottle(Kind.values().length, intervalNanos);
  }

  void log(Kind kind, String message, @Nullable Throwable error) {
    long skipped = throttle.tryLog(kind.ordinal());
    if (skipped >= 0) {
      LOGGER.log(
          Level.WARNING,
          skipped == 0 ? message : message + " (" + skipped + " similar failures not logged)",
          error);
    }
  }

  /** Logs a rare event, such as a circuit breaker transition, without rate limiting. */
  static void event(Level level, String message) {
    LOGGER.log(level, message);
  }
}
