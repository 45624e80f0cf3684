package dev.lightcache.runtime.micrometer;

import static dev.lightcache.runtime.micrometer.LightcacheMetricsTest.count;
import static dev.lightcache.runtime.micrometer.LightcacheMetricsTest.tagKeysByName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CachedProductEndpoint;
import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters of a {@link DefaultRedisCache} against a real redis-server, frozen to open the breaker. */
class RedisCacheMetricsTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.privateServer();

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final Duration OPEN_DURATION = Duration.ofSeconds(2);

  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void resumeServer() {
    redis.resume(); // harmless when running
  }

  private static DefaultRedisCache newCache(String prefix) {
    return new DefaultRedisCache(
        redis.url(),
        RedisCacheConfig.builder()
            .prefix(prefix)
            .readTimeout(Duration.ofMillis(300))
            .failureThreshold(2)
            .openDuration(OPEN_DURATION)
            .build());
  }

  @Test
  void theBreakersStateAndTheCountersOfAnOutage() {
    try (DefaultRedisCache cache = newCache("metrics-outage:")) {
      RedisCacheMetrics.of(cache).tags("app", "shop").bindTo(registry);

      cache.set("a", "apple", Duration.ofMinutes(1));
      assertEquals("apple", cache.get("a", STRING));
      assertNull(cache.get("b", STRING));
      assertEquals(1, count(registry, "lightcache.redis.gets", "result", "hit"));
      assertEquals(1, count(registry, "lightcache.redis.gets", "result", "miss"));
      assertEquals(0, count(registry, "lightcache.redis.errors"));
      assertEquals(Map.of("closed", 1.0, "open", 0.0, "half_open", 0.0), circuit());

      redis.pause(); // SIGSTOP: every command times out
      assertNull(cache.get("a", STRING));
      assertNull(cache.get("a", STRING));
      assertEquals(CircuitState.OPEN, cache.circuitState(), "two failures in a row open it");
      assertEquals(Map.of("closed", 0.0, "open", 1.0, "half_open", 0.0), circuit());
      assertEquals(2, count(registry, "lightcache.redis.errors"));
      assertNull(cache.get("a", STRING)); // skips Redis
      assertEquals(1, count(registry, "lightcache.redis.skipped"));
      assertEquals(4, count(registry, "lightcache.redis.gets", "result", "miss"), "failed and skipped reads miss");
      assertEquals(cache.errorCount(), count(registry, "lightcache.redis.errors"));

      redis.resume();
      await(() -> cache.circuitState() == CircuitState.CLOSED, "the breaker to close");
      assertEquals(Map.of("closed", 1.0, "open", 0.0, "half_open", 0.0), circuit());
      assertEquals("apple", cache.get("a", STRING));
      assertEquals(2, count(registry, "lightcache.redis.gets", "result", "hit"));

      assertEquals(
          Set.of("app", "prefix"),
          tagKeysByName(registry.find("lightcache.redis.errors").meters()).get("lightcache.redis.errors"));
      assertEquals("metrics-outage:", registry.get("lightcache.redis.errors").meter().getId().getTag("prefix"));
      assertEquals(
          Map.ofEntries(
              Map.entry("lightcache.redis.gets", Set.of("app", "prefix", "result")),
              Map.entry("lightcache.redis.near.hits", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.errors", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.skipped", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.corrupt.entries", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.oversized.values", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.fills.refused", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.lease.waits", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.async.dropped", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.invalidations.dropped", Set.of("app", "prefix")),
              Map.entry("lightcache.redis.circuit.state", Set.of("app", "prefix", "state"))),
          tagKeysByName(registry.getMeters()));
    }
  }

  /** The proxy counts its calls, the cache its reads: nothing is counted twice under {@code cache.gets}. */
  @Test
  void aProxyOverRedisAndTheRedisCacheSideBySide() {
    try (DefaultRedisCache cache = newCache("metrics-proxy:")) {
      CachedProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore(), cache);
      products.invalidateAll(); // the server is shared by this class's tests: start empty
      LightcacheMetrics.of(products).bindTo(registry);
      RedisCacheMetrics.of(cache).bindTo(registry);

      products.get(1);
      products.get(1);
      products.get(2);

      assertEquals(1, count(registry, "cache.gets", "result", "hit"));
      assertEquals(2, count(registry, "cache.gets", "result", "miss"));
      assertEquals(1, count(registry, "lightcache.redis.gets", "result", "hit"));
      assertEquals(2, count(registry, "lightcache.redis.gets", "result", "miss"));
      assertNull(registry.find("cache.size").meter(), "Redis does not say how many entries are one proxy's");
      assertNull(registry.find("cache.evictions").meter());
      assertEquals(Map.of("closed", 1.0, "open", 0.0, "half_open", 0.0), circuit());
    }
  }

  @Test
  void theBindersOwnTagKeysCannotBeGivenAsTags() {
    try (DefaultRedisCache cache = newCache("metrics-tags:")) {
      RedisCacheMetrics metrics = RedisCacheMetrics.of(cache);
      for (String key : Set.of("prefix", "result", "state")) {
        assertThrows(IllegalArgumentException.class, () -> metrics.tags(key, "x"), key);
      }
    }
  }

  private Map<String, Double> circuit() {
    return Map.of(
        "closed", state("closed"),
        "open", state("open"),
        "half_open", state("half_open"));
  }

  private double state(String state) {
    return registry.get("lightcache.redis.circuit.state").tag("state", state).gauge().value();
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + OPEN_DURATION.toNanos() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
