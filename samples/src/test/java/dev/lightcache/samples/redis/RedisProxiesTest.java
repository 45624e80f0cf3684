package dev.lightcache.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import dev.lightcache.samples.custom.CustomRedisCache;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.SlowProductStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generated proxies over Redis, as two processes would use it: two proxies, each with its own {@link
 * DefaultRedisCache} and its own delegate, sharing one real redis-server.
 */
class RedisProxiesTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final RedisCacheConfig CONFIG =
      RedisCacheConfig.builder().prefix("lightcache-samples-test:").build();

  private DefaultRedisCache cacheA;
  private DefaultRedisCache cacheB;
  private SlowProductStore storeA;
  private SlowProductStore storeB;
  private CachedProductEndpoint processA;
  private CachedProductEndpoint processB;

  @BeforeEach
  void twoProcesses() {
    cacheA = new DefaultRedisCache(redis.url(), CONFIG);
    cacheB = new DefaultRedisCache(redis.url(), CONFIG);
    cacheA.flush();
    storeA = new SlowProductStore(30, 0);
    storeB = new SlowProductStore(30, 0);
    processA = CachedProductEndpoint.wrap(storeA, cacheA);
    processB = CachedProductEndpoint.wrap(storeB, cacheB);
  }

  @AfterEach
  void close() {
    cacheA.close();
    cacheB.close();
  }

  @Test
  void twoProxiesShareHits() {
    Product fromA = processA.get(7);
    Product fromB = processB.get(7);
    assertEquals(fromA, fromB);
    assertEquals(1, storeA.calls());
    assertEquals(0, storeB.calls(), "B found A's entry in Redis");
    assertEquals(1, processB.stats().hits());
  }

  @Test
  void genericResultsDecodeToTheirExactType() {
    List<Product> page = processA.list(1);
    List<Product> shared = processB.list(1);
    assertEquals(page, shared);
    assertEquals(0, storeB.calls());
    assertEquals(10, shared.size());
    for (Object element : shared) {
      assertInstanceOf(Product.class, element, "a list of Product, never of maps");
    }
  }

  @Test
  void oneProcessSeesTheOthersInvalidation() {
    processA.get(7);
    processB.get(7);
    processB.post(new Product(7, "renamed in B", 1));
    storeA.post(new Product(7, "renamed in B", 1)); // both stores stand for one database
    Product afterWrite = processA.get(7);
    assertEquals("renamed in B", afterWrite.name(), "A's entry was invalidated by B's write");
    CacheStats a = processA.stats();
    assertEquals(2, a.misses());
  }

  @Test
  void theSeedStyleSubclassPostProcessesEveryRead() {
    try (CustomRedisCache custom = new CustomRedisCache(redis.url())) {
      CachedProductEndpoint products = CachedProductEndpoint.wrap(new SlowProductStore(5, 0), custom);
      products.get(1);
      products.get(1);
      products.get(1);
      assertEquals(2.0 / 3, custom.hitRate(), 1e-9);
      products.invalidateAll();
    }
  }

  @Test
  void theRedisQuickstartRuns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CacheStats stats =
        RedisQuickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), redis.url(), 5);
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, stats.hits(), output);
    assertEquals(2, stats.misses(), output);
    assertTrue(output.contains("name=renamed"), output);
  }
}
