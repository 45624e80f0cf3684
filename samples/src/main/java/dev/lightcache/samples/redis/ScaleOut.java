package dev.lightcache.samples.redis;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import java.time.Duration;

/**
 * The scale-out settings quoted by {@code docs/scale-out.md}: the three deployments' URLs, and the
 * near cache and load lease switches. Building a cache opens no connection, so these run without
 * Redis ({@code ScaleOutTest}).
 */
public final class ScaleOut {

  private ScaleOut() {}

  /** A cache on the primary that three sentinels watch as {@code orders}. */
  public static DefaultRedisCache sentinel() {
    // tag::sentinel[]
    DefaultRedisCache cache =
        new DefaultRedisCache("redis-sentinel://app:s3cret@s1:26379,s2:26379,s3:26379#orders");
    // end::sentinel[]
    return cache;
  }

  /** A cache on a Redis Cluster, reached through two seeds. */
  public static DefaultRedisCache cluster() {
    // tag::cluster[]
    DefaultRedisCache cache = new DefaultRedisCache("redis-cluster://app:s3cret@n1:7000,n2:7000");
    // end::cluster[]
    return cache;
  }

  /** The settings of a service on many instances: a near cache and a load lease. */
  public static RedisCacheConfig manyInstances() {
    // tag::switches[]
    RedisCacheConfig config =
        RedisCacheConfig.builder()
            .prefix("catalogue:")
            // First level: up to 10,000 decoded values per process, none older than 2 s.
            .nearCache(10_000, Duration.ofSeconds(2))
            // One delegate call across processes for a key missed at once; a load takes < 3 s.
            .loadLease(Duration.ofSeconds(3))
            .build();
    // end::switches[]
    return config;
  }
}
