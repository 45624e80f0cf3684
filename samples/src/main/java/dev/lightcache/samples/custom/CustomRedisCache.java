package dev.lightcache.samples.custom;

import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The seed's "extending the Redis cache" example: a {@link DefaultRedisCache} that post-processes
 * every value it reads and tracks its own hit rate.
 *
 * <p>Every generated proxy reads through {@link #get(String, ValueType)}, so overriding that one
 * method (and calling {@code super.get}) is enough: the untyped {@code get(String)} and {@code
 * getAsync} read through it too. Its public no-argument constructor lets an endpoint name it with
 * {@code @Cached(cache = CustomRedisCache.class)}.
 *
 * <p>Thread-safe, like its superclass.
 */
// tag::class[]
public class CustomRedisCache extends DefaultRedisCache {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Connects to $LIGHTCACHE_REDIS_URL, else redis://localhost:6379. */
  public CustomRedisCache() {
    super();
  }

  /**
   * Connects to {@code url}.
   *
   * @param url such as {@code redis://user:password@host:6379/0}
   */
  public CustomRedisCache(String url) {
    super(url);
  }

  @Override
  public <T> @Nullable T get(String key, ValueType<T> type) {
    T value = super.get(key, type);
    if (value == null) {
      misses.increment();
      return null;
    }
    hits.increment();
    return processValue(key, value);
  }

  /**
   * Post-processes a value read from Redis before the caller gets it.
   *
   * @param key the key it was stored under
   * @param value the decoded value, never null
   * @param <T> its type
   * @return the value to return, of the same type
   */
  protected <T> T processValue(String key, T value) {
    // Custom processing logic: decrypt a field, upgrade an older shape, fill in derived fields...
    return value;
  }

  /** The share of reads that found a value, between 0 and 1 (0 before the first read). */
  public double hitRate() {
    long found = hits.sum();
    long total = found + misses.sum();
    return total == 0 ? 0 : (double) found / total;
  }
}
// end::class[]
