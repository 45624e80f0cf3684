package dev.lightcache.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.annotations.Cached;
import dev.lightcache.runtime.CachingProxy;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * A generated proxy over a real redis-server holding bad entries (written with a plain client, as a
 * user with {@code redis-cli} would) or frozen with SIGSTOP.
 */
class RedisProxyFaultsTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.privateServer();

  private static final String PREFIX = "faults-test:";
  private static final String NS = "faults:v1:";
  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

  /** An endpoint whose methods do not cache nulls. */
  @Cached(namespace = "faults")
  public interface Stock {
    long count(int shard);

    Item get(long id);
  }

  public record Item(long id, String name, int qty) {}

  private final AtomicInteger loads = new AtomicInteger();
  private DefaultRedisCache cache;
  private Stock stock;

  @BeforeEach
  void setUp() {
    cache =
        new DefaultRedisCache(
            redis.url(),
            RedisCacheConfig.builder()
                .prefix(PREFIX)
                .readTimeout(READ_TIMEOUT)
                .failureThreshold(100) // this test wants timeouts, not an open breaker
                .build());
    cache.flush();
    stock =
        CachedRedisProxyFaultsTest_Stock.wrap(
            new Stock() {
              @Override
              public long count(int shard) {
                loads.incrementAndGet();
                return 40 + shard;
              }

              @Override
              public Item get(long id) {
                loads.incrementAndGet();
                return new Item(id, "item " + id, 3);
              }
            },
            cache);
  }

  @AfterEach
  void tearDown() {
    cache.close();
  }

  private static void writeRaw(String key, String value) {
    try (RedisClient client = redis.newClient()) {
      client.set((PREFIX + NS + key).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static byte[] readRaw(String key) {
    try (RedisClient client = redis.newClient()) {
      return client.get((PREFIX + NS + key).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void badEntriesAreMissesNeverExceptionsNorHalfFilledValues() {
    writeRaw("count(int):1", ""); // the cached-null marker, under a method that does not cache nulls
    writeRaw("count(int):2", "null"); // JSON null under a long
    writeRaw("get(long):1", "{}"); // no field at all
    writeRaw("get(long):2", "{\"id\":2,\"name\":\"old shape\"}"); // an older shape, qty missing

    assertEquals(41L, stock.count(1));
    assertEquals(42L, stock.count(2));
    assertEquals(new Item(1, "item 1", 3), stock.get(1));
    assertEquals(new Item(2, "item 2", 3), stock.get(2));
    assertEquals(4, loads.get(), "every bad entry was a miss");

    assertEquals(new Item(2, "item 2", 3), stock.get(2));
    assertEquals(42L, stock.count(2));
    assertEquals(4, loads.get(), "the bad entries were replaced by good ones");
    assertEquals("42", new String(readRaw("count(int):2"), StandardCharsets.UTF_8));
  }

  @Test
  void aCallOnAFrozenServerWaitsForOneTimeoutNotTwo() {
    redis.pause();
    try {
      long start = System.nanoTime();
      assertEquals(new Item(7, "item 7", 3), stock.get(7));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // The read times out (one READ_TIMEOUT); the write is skipped, not tried after it.
      assertTrue(
          took.compareTo(READ_TIMEOUT.multipliedBy(3).dividedBy(2)) < 0,
          "took " + took.toMillis() + " ms with a read timeout of " + READ_TIMEOUT.toMillis() + " ms");
      assertEquals(1, cache.errorCount(), "one failed read, and no write tried after it");
      assertEquals(1, ((CachingProxy) stock).stats().misses());
    } finally {
      redis.resume();
    }
    assertNull(readRaw("get(long):7"), "nothing was stored by the call that could not read");
  }
}
