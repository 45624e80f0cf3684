package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;

/**
 * {@code DefaultRedisCache} behind real sentinels (a primary, a replica, three sentinels): the
 * {@code redis-sentinel://} URL, a write wins, and a primary killed under load: no call fails, and
 * hits come back within {@code openDuration} + 5 s of the new primary's election.
 */
class RedisSentinelCacheTest {

  @RegisterExtension static final RedisSentinelExtension sentinel = new RedisSentinelExtension();

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final Duration OPEN = Duration.ofMillis(500);

  private final List<DefaultRedisCache> caches = new ArrayList<>();
  private boolean killed;

  @AfterEach
  void closeCaches() {
    caches.forEach(DefaultRedisCache::close);
    if (killed) {
      sentinel.restartKilled();
    }
  }

  private DefaultRedisCache cache(String prefix) {
    DefaultRedisCache cache =
        new DefaultRedisCache(
            sentinel.url(),
            RedisCacheConfig.builder()
                .prefix(prefix)
                .readTimeout(Duration.ofMillis(500))
                .openDuration(OPEN)
                .build());
    caches.add(cache);
    return cache;
  }

  @Test
  @Timeout(120)
  void readsWritesAndInvalidatesThroughTheSentinels() {
    String prefix = "sentinel-" + UUID.randomUUID() + ":";
    DefaultRedisCache loader = cache(prefix);
    DefaultRedisCache writer = cache(prefix);
    String key = "com.acme.P:v1:get(long):7";

    assertNull(loader.get(key, STRING));
    writer.invalidatePrefix("com.acme.P:v1:");
    loader.set(key, "loaded before the write", Duration.ofMinutes(5));
    assertEquals(1, loader.refusedFillCount());

    assertNull(loader.get(key, STRING));
    loader.set(key, "fresh", Duration.ofMinutes(5));
    assertEquals("fresh", writer.get(key, STRING));
    writer.flush();
    assertNull(loader.get(key, STRING));
    assertEquals(0, loader.errorCount() + writer.errorCount());
  }

  @Test
  @Timeout(180)
  void nearCachesHearInvalidationsBeforeAndAfterAFailover() throws Exception {
    String prefix = "sentinel-near-" + UUID.randomUUID() + ":";
    RedisCacheConfig config =
        RedisCacheConfig.builder()
            .prefix(prefix)
            .readTimeout(Duration.ofMillis(500))
            .openDuration(OPEN)
            .nearCache(1000, Duration.ofMinutes(5))
            .build();
    DefaultRedisCache reader = new DefaultRedisCache(sentinel.url(), config);
    DefaultRedisCache writer = new DefaultRedisCache(sentinel.url(), config);
    caches.add(reader);
    caches.add(writer);
    String key = "com.acme.P:v1:get(long):7";
    writer.set(key, "v1", Duration.ofMinutes(5));
    NearCaches.awaitNearHit(reader, key, "v1");
    writer.delete(key);
    NearCaches.awaitDropped(reader, key);

    HostAndPort old = sentinel.killPrimary();
    killed = true;
    sentinel.awaitNewPrimary(old, Duration.ofSeconds(60));

    // Both subscriptions move to the new primary; the near cache serves again and hears deletes.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (writer.get(key, STRING) == null && System.nanoTime() < deadline) {
      writer.set(key, "v2", Duration.ofMinutes(5));
      Thread.sleep(50);
    }
    NearCaches.awaitNearHit(reader, key, "v2");
    writer.delete(key);
    System.out.println("sentinel: after the failover a delete reached the other near cache in "
        + NearCaches.awaitDropped(reader, key) + " µs");
  }

  @Test
  @Timeout(180)
  void aKilledPrimaryFailsNoCallAndHitsComeBackAfterTheElection() throws Exception {
    String prefix = "sentinel-failover-" + UUID.randomUUID() + ":";
    DefaultRedisCache cache = cache(prefix);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add("com.acme.P:v1:get(long):" + i);
    }
    keys.forEach(key -> cache.set(key, "v", Duration.ofMinutes(5)));
    Thread.sleep(200); // the replica copies them (asynchronous replication)

    BoundedLoad load =
        new BoundedLoad(
            2,
            keys,
            key -> {
              if (cache.get(key, STRING) == null) {
                cache.set(key, "v", Duration.ofMinutes(5)); // a proxy's fill
              }
            });
    try {
      Thread.sleep(200);
      HostAndPort old = sentinel.killPrimary();
      killed = true;
      long killedAt = System.nanoTime();
      sentinel.awaitNewPrimary(old, Duration.ofSeconds(60));
      long elected = System.nanoTime();

      long hitsAtElection = cache.hitCount();
      long deadline = elected + OPEN.toNanos() + TimeUnit.SECONDS.toNanos(5);
      while (cache.hitCount() == hitsAtElection && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long back = System.nanoTime();
      System.out.println(
          "sentinel failover: new primary elected " + TimeUnit.NANOSECONDS.toMillis(elected - killedAt)
              + " ms after SIGKILL; hits came back " + TimeUnit.NANOSECONDS.toMillis(back - elected)
              + " ms after the election; " + load.calls() + " calls, " + cache.errorCount()
              + " Redis errors, none thrown");
      assertTrue(cache.hitCount() > hitsAtElection, "no hit within openDuration + 5 s of the election");
    } finally {
      load.close();
    }
    assertTrue(load.thrown().isEmpty(), "calls failed: " + load.thrown());
  }
}
