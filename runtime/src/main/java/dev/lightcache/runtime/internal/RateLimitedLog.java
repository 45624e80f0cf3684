package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.CacheErrorHandler;
import dev.lightcache.runtime.CacheOperation;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * The fail-open {@link CacheErrorHandler}: logs a backend failure at WARNING at most once every 10
 * seconds per operation, with the count of failures it left out since the last line.
 */
public final class RateLimitedLog implements CacheErrorHandler {

  /** The shared instance behind {@link CacheErrorHandler#failOpen()}. */
  public static final RateLimitedLog FAIL_OPEN = new RateLimitedLog(TimeUnit.SECONDS.toNanos(10));

  private static final System.Logger LOGGER = System.getLogger("dev.lightcache");

  private final LogThrottle throttle;

  RateLimitedLog(long intervalNanos) {
    this.throttle = new LogThrottle(CacheOperation.values().length, intervalNanos);
  }

  @Override
  public void handle(CacheOperation operation, String key, RuntimeException error) {
    long skipped = throttle.tryLog(operation.ordinal());
    if (skipped >= 0) {
      LOGGER.log(
          Level.WARNING,
          "Cache " + operation + " failed for key " + key + "; the call went on without the cache"
              + (skipped > 0 ? " (" + skipped + " similar failures not logged)" : ""),
          error);
    }
  }
}
