package dev.lightcache.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.SlowProductStore;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generated proxies over Redis caches with a near cache, as two processes sharing one store (the
 * database): a proxy's near hits are read by its key object, without the key's text; an invalidation
 * from either process is never undone by that path; a subclass of the cache sees every read.
 */
class NearCacheProxyTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private SlowProductStore database;
  private DefaultRedisCache cacheA;
  private DefaultRedisCache cacheB;
  private CachedProductEndpoint processA;
  private CachedProductEndpoint processB;

  private static RedisCacheConfig config(String prefix) {
    return RedisCacheConfig.builder().prefix(prefix).nearCache(1000, Duration.ofMinutes(5)).build();
  }

  @BeforeEach
  void twoProcesses() {
    String prefix = "near-proxy-" + UUID.randomUUID() + ":";
    database = new SlowProductStore(30, 0);
    cacheA = new DefaultRedisCache(redis.url(), config(prefix));
    cacheB = new DefaultRedisCache(redis.url(), config(prefix));
    processA = CachedProductEndpoint.wrap(database, cacheA);
    processB = CachedProductEndpoint.wrap(database, cacheB);
  }

  @AfterEach
  void close() {
    cacheA.close();
    cacheB.close();
  }

  @Test
  void repeatedReadsAreNearHits() throws Exception {
    awaitNearHit(processA, cacheA, 7);
    int calls = database.calls();
    long nearHits = cacheA.nearHitCount();

    for (int i = 0; i < 100; i++) {
      assertEquals("product-7", processA.get(7).name());
    }

    assertEquals(nearHits + 100, cacheA.nearHitCount());
    assertEquals(calls, database.calls());
  }

  @Test
  void aWriteInThisProcessIsNeverUndoneByANearHit() throws Exception {
    awaitNearHit(processA, cacheA, 7);

    processA.post(new Product(7, "renamed here", 1));

    for (int i = 0; i < 50; i++) {
      assertEquals("renamed here", processA.get(7).name(), "read " + i);
    }
  }

  @Test
  void aWriteInAnotherProcessReachesThisOneAndStays() throws Exception {
    awaitNearHit(processA, cacheA, 7);
    awaitNearHit(processA, cacheA, 8);

    processB.post(new Product(7, "renamed there", 1)); // invalidates the endpoint: a prefix

    awaitName(processA, 7, "renamed there");
    for (int i = 0; i < 50; i++) {
      assertEquals("renamed there", processA.get(7).name(), "read " + i + " after the message");
    }

    processB.delete(8); // a key, or the endpoint: the same for this check
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (processA.get(8) != null) {
      if (System.nanoTime() > deadline) {
        fail("product 8 still served 5 s after another process deleted it");
      }
      Thread.sleep(1);
    }
    for (int i = 0; i < 50; i++) {
      assertEquals(null, processA.get(8), "read " + i + " after the delete");
    }
  }

  @Test
  void aKeyDeletedInAnotherProcessIsNeverServedByKeyObjectAgain() throws Exception {
    awaitNearHit(processA, cacheA, 7);
    String key;
    try (redis.clients.jedis.RedisClient raw = redis.newClient()) {
      String redisKey =
          raw.scan("0", new redis.clients.jedis.params.ScanParams().match(cacheA.prefix() + "*get(long):7").count(10_000))
              .getResult()
              .get(0);
      key = redisKey.substring(cacheA.prefix().length());
    }
    database.post(new Product(7, "changed, then the key deleted", 1));

    cacheB.delete(key); // one key: the near entry is removed by its text

    awaitName(processA, 7, "changed, then the key deleted");
    for (int i = 0; i < 50; i++) {
      assertEquals("changed, then the key deleted", processA.get(7).name(), "read " + i);
    }
  }

  @Test
  void aFlushInAnotherProcessEmptiesThisNearCache() throws Exception {
    awaitNearHit(processA, cacheA, 7);
    database.post(new Product(7, "changed behind the cache", 1));

    cacheB.flush();

    awaitName(processA, 7, "changed behind the cache");
  }

  @Test
  void aSubclassOfTheCacheSeesEveryRead() throws Exception {
    String prefix = "near-proxy-sub-" + UUID.randomUUID() + ":";
    try (CountingCache counting = new CountingCache(redis.url(), config(prefix))) {
      CachedProductEndpoint process = CachedProductEndpoint.wrap(database, counting);
      awaitNearHit(process, counting, 7);
      long reads = counting.reads.get();

      for (int i = 0; i < 20; i++) {
        process.get(7);
      }

      assertEquals(reads + 20, counting.reads.get(), "its get(...) override saw each near hit");
    }
  }

  /** A cache that counts the reads reaching its {@code get} override. */
  static final class CountingCache extends DefaultRedisCache {
    final AtomicLong reads = new AtomicLong();

    CountingCache(String url, RedisCacheConfig config) {
      super(url, config);
    }

    @Override
    public <T> @Nullable T get(String key, ValueType<T> type) {
      reads.incrementAndGet();
      return super.get(key, type);
    }
  }

  /** Reads until a read is a near hit: the subscription is up and the entry is near. */
  private static void awaitNearHit(CachedProductEndpoint proxy, DefaultRedisCache cache, long id)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    long before = cache.nearHitCount();
    while (cache.nearHitCount() == before) {
      if (System.nanoTime() > deadline) {
        fail("no near hit of product " + id + " within 20 s");
      }
      proxy.get(id);
      Thread.sleep(5);
    }
  }

  private static void awaitName(CachedProductEndpoint proxy, long id, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!proxy.get(id).name().equals(name)) {
      if (System.nanoTime() > deadline) {
        fail("product " + id + " is not '" + name + "' 5 s after the write");
      }
      Thread.sleep(1);
    }
  }
}
