package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.CacheErrorHandler;
import dev.lightcache.runtime.CacheOperation;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The fail-open {@link CacheErrorHandler}: logs a backend failure at WARNING at most once every 10
 * seconds per operation, with the count of failures it left out since the last line.
 */
public final class RateLimitedLog implements CacheErrorHandler {

  /** The shared instance behind {@link CacheErrorHandler#failOpen()}. */
  public static final RateLimitedLog FAIL_OPEN = new RateLimitedLog(TimeUnit.SECONDS.toNanos(10));

  private static final System.Logger LOGGER = System.getLogger("dev.lightcache");

  private final long intervalNanos;
  private final AtomicLongArray nextLogAt = new AtomicLongArray(CacheOperation.values().length);
  private final AtomicLong[] suppressed = new AtomicLong[CacheOperation.values().length];

  RateLimitedLog(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    for (int i = 0; i < suppressed.length; i++) {
      suppressed[i] = new AtomicLong();
    }
    long now = System.nanoTime();
    for (int i = 0; i < suppressed.length; i++) {
      nextLogAt.set(i, now);
    }
  }

  @Override
  public void handle(CacheOperation operation, String key, RuntimeException error) {
    int slot = operation.ordinal();
    long now = System.nanoTime();
    long due = nextLogAt.get(slot);
    if (now - due >= 0 && nextLogAt.compareAndSet(slot, due, now + intervalNanos)) {
      long skipped = suppressed[slot].getAndSet(0);
      LOGGER.log(
          Level.WARNING,
          "Cache " + operation + " failed for key " + key + "; the call went on without the cache"
              + (skipped > 0 ? " (" + skipped + " similar failures not logged)" : ""),
          error);
    } else {
      suppressed[slot].incrementAndGet();
    }
  }
}
