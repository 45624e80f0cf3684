package dev.lightcache.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The snippets of {@code docs/scale-out.md} build what they say, without a Redis. */
class ScaleOutTest {

  @Test
  void theUrlsOfTheDocsAreAccepted() {
    try (DefaultRedisCache sentinel = ScaleOut.sentinel();
        DefaultRedisCache cluster = ScaleOut.cluster()) {
      assertTrue(sentinel.toString().contains("redis-sentinel://app:***@s1:26379"), sentinel.toString());
      assertTrue(cluster.toString().contains("redis-cluster://app:***@n1:7000,n2:7000"), cluster.toString());
    }
  }

  @Test
  void theSwitchesAreOn() {
    RedisCacheConfig config = ScaleOut.manyInstances();

    assertTrue(config.nearCacheEnabled());
    assertEquals(10_000, config.nearCacheMaxEntries());
    assertEquals(Duration.ofSeconds(2), config.nearCacheMaxStaleness());
    assertEquals(Duration.ofSeconds(3), config.loadLease().orElseThrow());
  }
}
