package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cache built while nothing answers at its URL, in each deployment form: the constructor returns at
 * once (Jedis's clients talk to Redis when built, so the client is built on first use), and calls
 * miss or do nothing instead of throwing. An application starts during a Redis outage.
 */
class UnreachableRedisTest {

  @ParameterizedTest
  @ValueSource(strings = {"redis://127.0.0.1:%d", "redis-sentinel://127.0.0.1:%d#mymaster", "redis-cluster://127.0.0.1:%d"})
  void aCacheBuiltWithoutRedisMissesInsteadOfThrowing(String form) throws Exception {
    String url = String.format(form, RedisProcesses.freePort());
    long start = System.nanoTime();
    try (DefaultRedisCache cache =
        new DefaultRedisCache(url, RedisCacheConfig.builder().connectTimeout(Duration.ofMillis(200)).build())) {
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000, "built at once");

      assertNull(cache.get("k", ValueType.of(String.class)));
      cache.set("k", "v", Duration.ofMinutes(1));
      cache.delete("k");
      cache.flush();
      assertNull(cache.getAsync("k", ValueType.of(String.class)).toCompletableFuture().get(10, TimeUnit.SECONDS));

      assertTrue(cache.errorCount() >= 1, "the failed connection is counted");
      assertEquals(0, cache.hitCount());
    }
  }
}
