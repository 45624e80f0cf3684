package dev.lightcache.runtime.micrometer;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Registers the meters of one {@link DefaultRedisCache}: its own counters and the state of its circuit
 * breaker. One Redis cache usually serves every proxy of an application, so it is bound once, apart from
 * the proxies ({@link LightcacheMetrics}):
 *
 * <pre>{@code
 * RedisCacheMetrics.of(redisCache).bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>reads</th></tr>
 *   <tr><td>{@code lightcache.redis.gets}</td><td>function counter</td><td>{@code result=hit|miss}</td>
 *       <td>{@link DefaultRedisCache#hitCount()} (near hits included), {@link
 *       DefaultRedisCache#missCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.near.hits}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#nearHitCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.errors}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#errorCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.skipped}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#skippedCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.corrupt.entries}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#corruptEntryCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.oversized.values}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#oversizedValueCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.fills.refused}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#refusedFillCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.lease.waits}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#leaseWaitCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.async.dropped}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#droppedAsyncCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.invalidations.dropped}</td><td>function counter</td><td></td>
 *       <td>{@link DefaultRedisCache#droppedInvalidationCount()}</td></tr>
 *   <tr><td>{@code lightcache.redis.circuit.state}</td><td>gauge</td>
 *       <td>{@code state=closed|open|half_open}</td>
 *       <td>1 for the breaker's {@link DefaultRedisCache#circuitState() current state}, 0 for the
 *       others</td></tr>
 * </table>
 *
 * <p>Every meter carries the tag {@code prefix}, the cache's {@link DefaultRedisCache#prefix() key
 * prefix}, plus the {@link #tags(Iterable) tags} given here. These meters are Lightcache's own: the
 * proxies' {@code cache.gets} already count the calls that reached this cache, so its reads are not
 * counted again under that name.
 *
 * <p>The meters read the cache's counters when the registry asks, and hold the cache weakly. Immutable
 * and thread-safe.
 */
public final class RedisCacheMetrics implements MeterBinder {

  private final DefaultRedisCache cache;
  private final Tags tags;

  private RedisCacheMetrics(DefaultRedisCache cache, Tags tags) {
    this.cache = cache;
    this.tags = tags;
  }

  /**
   * A binder for a Redis cache.
   *
   * @param cache the cache
   * @return a binder tagging its meters {@code prefix=<the cache's key prefix>}
   */
  public static RedisCacheMetrics of(DefaultRedisCache cache) {
    return new RedisCacheMetrics(Objects.requireNonNull(cache, "cache"), Tags.empty());
  }

  /**
   * More tags on every meter.
   *
   * @param more the tags; not {@code prefix}, {@code result} or {@code state}, which this binder writes
   * @return a binder with these tags added
   * @throws IllegalArgumentException if a tag has one of the binder's own keys
   */
  public RedisCacheMetrics tags(Iterable<Tag> more) {
    for (Tag tag : more) {
      String key = tag.getKey();
      if (key.equals("prefix") || key.equals("result") || key.equals("state")) {
        throw new IllegalArgumentException("the tag " + key + " is written by RedisCacheMetrics");
      }
    }
    return new RedisCacheMetrics(cache, tags.and(more));
  }

  /**
   * More tags on every meter.
   *
   * @param keyValues keys and values, alternating
   * @return a binder with these tags added
   * @throws IllegalArgumentException if a tag has one of the binder's own keys, or the count is odd
   */
  public RedisCacheMetrics tags(String... keyValues) {
    return tags(Tags.of(keyValues));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags cacheTags = tags.and("prefix", cache.prefix());
    String gets = "Reads of the Redis cache that returned a value (hit, near hits included) or not (miss)";
    counter(registry, "lightcache.redis.gets", cacheTags.and("result", "hit"), DefaultRedisCache::hitCount, gets);
    counter(registry, "lightcache.redis.gets", cacheTags.and("result", "miss"), DefaultRedisCache::missCount, gets);
    counter(registry, "lightcache.redis.near.hits", cacheTags, DefaultRedisCache::nearHitCount,
        "Reads answered by the near cache without asking Redis");
    counter(registry, "lightcache.redis.errors", cacheTags, DefaultRedisCache::errorCount,
        "Redis commands that failed or timed out, and values that could not be encoded");
    counter(registry, "lightcache.redis.skipped", cacheTags, DefaultRedisCache::skippedCount,
        "Calls that did not go to Redis: breaker open, key under an undelivered invalidation, or failed read");
    counter(registry, "lightcache.redis.corrupt.entries", cacheTags, DefaultRedisCache::corruptEntryCount,
        "Entries that did not decode to the expected type, read as misses and deleted");
    counter(registry, "lightcache.redis.oversized.values", cacheTags, DefaultRedisCache::oversizedValueCount,
        "Values larger than maxValueBytes, neither stored nor read");
    counter(registry, "lightcache.redis.fills.refused", cacheTags, DefaultRedisCache::refusedFillCount,
        "Fills not stored because an invalidation of their key came after the read that missed");
    counter(registry, "lightcache.redis.lease.waits", cacheTags, DefaultRedisCache::leaseWaitCount,
        "Misses that waited for another process's load under a load lease");
    counter(registry, "lightcache.redis.async.dropped", cacheTags, DefaultRedisCache::droppedAsyncCount,
        "Asynchronous calls refused because the cache's queue was full");
    counter(registry, "lightcache.redis.invalidations.dropped", cacheTags,
        DefaultRedisCache::droppedInvalidationCount, "Invalidations close() could not deliver and gave up on");
    for (CircuitState state : CircuitState.values()) {
      Gauge.builder("lightcache.redis.circuit.state", cache, c -> c.circuitState() == state ? 1 : 0)
          .tags(cacheTags.and("state", state.name().toLowerCase(Locale.ROOT)))
          .description("1 for the current state of the cache's circuit breaker, 0 for the others")
          .register(registry);
    }
  }

  private void counter(
      MeterRegistry registry,
      String name,
      Tags meterTags,
      ToDoubleFunction<DefaultRedisCache> count,
      String description) {
    FunctionCounter.builder(name, cache, count).tags(meterTags).description(description).register(registry);
  }

  @Override
  public String toString() {
    return "RedisCacheMetrics[" + cache + "]";
  }
}
