package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code DefaultRedisCache} on a real Redis Cluster (three primaries with a replica each): keys spread
 * over every primary, {@code flush} and {@code invalidatePrefix} reach all of them without a {@code
 * CROSSSLOT} error, "a write wins" for keys and prefixes, and a primary killed under load fails no
 * call while the other primaries keep serving hits.
 */
class RedisClusterCacheTest {

  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  private static final ValueType<String> STRING = ValueType.of(String.class);

  private final List<DefaultRedisCache> caches = new ArrayList<>();

  @AfterEach
  void closeCaches() {
    caches.forEach(DefaultRedisCache::close);
    cluster.reset();
  }

  private DefaultRedisCache cache(String prefix) {
    DefaultRedisCache cache =
        new DefaultRedisCache(
            cluster.url(),
            RedisCacheConfig.builder()
                .prefix(prefix)
                .readTimeout(Duration.ofMillis(500))
                .openDuration(Duration.ofMillis(500))
                .build());
    caches.add(cache);
    return cache;
  }

  @Test
  @Timeout(120)
  void keysSpreadOverEveryPrimaryAndKeepTheirReadableForm() {
    String prefix = "spread-" + UUID.randomUUID() + ":";
    DefaultRedisCache cache = cache(prefix);
    for (int i = 0; i < 300; i++) {
      cache.set("com.acme.ProductEndpoint:v1:get(long):" + i, "p" + i, Duration.ofMinutes(5));
    }

    Map<HostAndPort, Integer> perPrimary = countPerPrimary(prefix + "com.acme.ProductEndpoint*");
    assertEquals(3, perPrimary.size(), perPrimary.toString());
    assertEquals(300, perPrimary.values().stream().mapToInt(Integer::intValue).sum());
    perPrimary.values().forEach(count -> assertTrue(count > 50, perPrimary.toString()));
    assertEquals("p42", cache.get("com.acme.ProductEndpoint:v1:get(long):42", STRING));
    assertEquals(0, cache.errorCount());
  }

  @Test
  @Timeout(120)
  void invalidatePrefixAndFlushReachEveryPrimaryAndNothingElse() {
    String prefix = "walk-" + UUID.randomUUID() + ":";
    String other = "other-" + UUID.randomUUID() + ":";
    DefaultRedisCache cache = cache(prefix);
    DefaultRedisCache neighbour = cache(other);
    for (int i = 0; i < 2000; i++) {
      cache.set("com.acme.A:v1:get(long):" + i, "a" + i, Duration.ofMinutes(5));
      cache.set("com.acme.B:v1:get(long):" + i, "b" + i, Duration.ofMinutes(5));
    }
    neighbour.set("com.acme.A:v1:get(long):1", "theirs", Duration.ofMinutes(5));
    try (RedisClusterClient raw = cluster.newClient()) {
      raw.set("foreign-key", "not a cache's");
    }

    cache.invalidatePrefix("com.acme.A:v1:");

    assertTrue(countPerPrimary(prefix + "com.acme.A:*").isEmpty());
    assertEquals(2000, total(countPerPrimary(prefix + "com.acme.B:*")));
    assertNull(cache.get("com.acme.A:v1:get(long):7", STRING));
    assertEquals("b7", cache.get("com.acme.B:v1:get(long):7", STRING));

    cache.flush();

    assertTrue(countPerPrimary(prefix + "com.acme.*").isEmpty());
    assertEquals("theirs", neighbour.get("com.acme.A:v1:get(long):1", STRING));
    try (RedisClusterClient raw = cluster.newClient()) {
      assertEquals("not a cache's", raw.get("foreign-key"));
    }
    assertEquals(0, cache.errorCount(), "no CROSSSLOT or other error");
  }

  @Test
  @Timeout(120)
  void walksReuseTheirNodeConnections() {
    String prefix = "walk-connections-" + UUID.randomUUID() + ":";
    DefaultRedisCache cache = cache(prefix);
    cache.flush();
    Set<String> first = cacheConnections();
    assertEquals(3, first.size(), "the walk's connection stays open, idle in each primary's pool: " + first);

    for (int walk = 0; walk < 3; walk++) {
      cache.set("com.acme.A:v1:get(long):" + walk, "a", Duration.ofMinutes(5));
      cache.flush();
    }

    // A node connection closed twice goes back to the pool and is then disconnected there: each
    // walk would open new ones (and none would stay). The walks reuse the connections of the first.
    Set<String> later = cacheConnections();
    later.removeAll(first);
    assertTrue(later.isEmpty(), "new connections " + later + " besides " + first);
    assertEquals(0, cache.errorCount());
  }

  /** The ids of the connections named lightcache on every primary. */
  private static Set<String> cacheConnections() {
    Set<String> ids = new HashSet<>();
    for (HostAndPort primary : cluster.primaries()) {
      try (Jedis node = RedisProcesses.admin(primary)) {
        for (String client : node.clientList().split("\\n")) {
          if (client.contains("name=lightcache ")) {
            ids.add(primary + "#" + client.substring(0, client.indexOf(' ')));
          }
        }
      }
    }
    return ids;
  }

  @Test
  @Timeout(120)
  void aKeyDeleteBetweenMissAndFillWins() {
    String prefix = "fence-key-" + UUID.randomUUID() + ":";
    DefaultRedisCache loader = cache(prefix);
    DefaultRedisCache writer = cache(prefix);
    String key = "com.acme.P:v1:get(long):7";

    assertNull(loader.get(key, STRING)); // the miss; the load starts
    writer.delete(key); // another process's write
    loader.set(key, "loaded before the write", Duration.ofMinutes(5));

    assertEquals(1, loader.refusedFillCount());
    assertNull(writer.get(key, STRING));

    assertNull(loader.get(key, STRING)); // without a write in between, the fill is stored
    loader.set(key, "fresh", Duration.ofMinutes(5));
    assertEquals("fresh", writer.get(key, STRING));
  }

  @Test
  @Timeout(120)
  void aPrefixInvalidationBetweenMissAndFillWinsOnEverySlot() {
    String prefix = "fence-prefix-" + UUID.randomUUID() + ":";
    DefaultRedisCache loader = cache(prefix);
    DefaultRedisCache writer = cache(prefix);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      keys.add("com.acme.P:v1:get(long):" + i); // over all three primaries
    }
    keys.forEach(key -> assertNull(loader.get(key, STRING)));

    writer.invalidatePrefix("com.acme.P:v1:");
    keys.forEach(key -> loader.set(key, "loaded before the write", Duration.ofMinutes(5)));

    assertEquals(keys.size(), loader.refusedFillCount());
    keys.forEach(key -> assertNull(writer.get(key, STRING), key));

    writer.flush(); // and a flush too
    keys.forEach(key -> assertNull(loader.get(key, STRING)));
    writer.flush();
    keys.forEach(key -> loader.set(key, "loaded before the flush", Duration.ofMinutes(5)));
    assertEquals(2L * keys.size(), loader.refusedFillCount());
  }

  @Test
  @Timeout(180)
  void aKilledPrimaryFailsNoCallAndItsSlotsHitAgainAfterTheFailover() throws Exception {
    String prefix = "failover-" + UUID.randomUUID() + ":";
    DefaultRedisCache cache = cache(prefix);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String key = "com.acme.P:v1:get(long):" + i;
      keys.add(key);
      cache.set(key, "v" + i, Duration.ofMinutes(5));
    }
    HostAndPort victim = cluster.primaries().get(0);
    List<String> onVictim = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    for (String key : keys) {
      (cluster.slotOwnerOf(prefix + key).equals(victim) ? onVictim : elsewhere).add(key);
    }
    assertTrue(!onVictim.isEmpty() && !elsewhere.isEmpty());
    // The replica that will be promoted has the entries (CI once killed the primary before they had
    // reached it, and the promoted replica never had them).
    cluster.awaitReplicated(victim, Duration.ofSeconds(10));

    // Bounded load: two threads read every key in turn; any exception is a failed call.
    BoundedLoad load = new BoundedLoad(2, keys, key -> cache.get(key, STRING));
    try {
      Thread.sleep(200);
      cluster.kill(victim);
      long killed = System.nanoTime();

      // While the victim's slots are down, the other primaries keep serving hits.
      long hitsBefore = cache.hitCount();
      Thread.sleep(300);
      for (String key : elsewhere) {
        assertEquals("v" + key.substring(key.lastIndexOf(':') + 1), cache.get(key, STRING), key);
      }
      assertTrue(cache.hitCount() > hitsBefore);

      cluster.awaitFailover(victim, Duration.ofSeconds(30));
      String probe = onVictim.get(0);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String found = null;
      while (found == null && System.nanoTime() < deadline) {
        found = cache.get(probe, STRING);
        if (found == null) {
          Thread.sleep(20);
        }
      }
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      System.out.println(
          "hits on the killed primary's slots came back " + tookMillis + " ms after SIGKILL; "
              + load.calls() + " calls, " + cache.errorCount() + " Redis errors, none thrown");
      assertEquals("v" + probe.substring(probe.lastIndexOf(':') + 1), found,
          "the replica was promoted with the data; the cache reads it again");
    } finally {
      load.close();
    }
    assertTrue(load.thrown().isEmpty(), "calls failed: " + load.thrown());
  }

  @Test
  @Timeout(180)
  void aDeleteWhileItsPrimaryIsFrozenIsDeliveredAfterwards() throws Exception {
    String prefix = "frozen-" + UUID.randomUUID() + ":";
    DefaultRedisCache cache = cache(prefix);
    DefaultRedisCache otherProcess = cache(prefix);
    String key = "com.acme.P:v1:get(long):7";
    cache.set(key, "old", Duration.ofMinutes(5));
    HostAndPort owner = cluster.slotOwnerOf(prefix + key);

    cluster.pause(owner); // SIGSTOP: the delete times out and is remembered
    cache.delete(key);
    assertTrue(cache.errorCount() > 0);
    assertNull(cache.get(key, STRING), "an undelivered delete makes its key a miss here");

    // The replica takes over (node timeout 1 s); the remembered delete reaches it.
    cluster.awaitFailover(owner, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (otherProcess.get(key, STRING) != null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertNull(otherProcess.get(key, STRING), "the other process never reads the deleted entry again");
    cluster.resume(owner);
  }

  @Test
  @Timeout(120)
  void nearCachesHearInvalidationsFromAnyNode() throws Exception {
    String prefix = "near-" + UUID.randomUUID() + ":";
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix(prefix).nearCache(1000, Duration.ofMinutes(5)).build();
    DefaultRedisCache reader = new DefaultRedisCache(cluster.url(), config);
    DefaultRedisCache writer = new DefaultRedisCache(cluster.url(), config);
    caches.add(reader);
    caches.add(writer);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String key = "com.acme.P:v1:get(long):" + i; // on every primary
      keys.add(key);
      writer.set(key, "v", Duration.ofMinutes(5));
    }
    for (String key : keys) {
      NearCaches.awaitNearHit(reader, key, "v");
    }

    writer.delete(keys.get(0));
    System.out.println("cluster: a delete reached the other near cache in "
        + NearCaches.awaitDropped(reader, keys.get(0)) + " µs");
    writer.invalidatePrefix("com.acme.P:v1:");
    for (String key : keys) {
      NearCaches.awaitDropped(reader, key);
    }
  }

  @Test
  @Timeout(120)
  void theLoadLeaseWorksOnEverySlot() throws Exception {
    String prefix = "lease-" + UUID.randomUUID() + ":";
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix(prefix).loadLease(Duration.ofSeconds(30)).build();
    DefaultRedisCache holder = new DefaultRedisCache(cluster.url(), config);
    DefaultRedisCache waiter = new DefaultRedisCache(cluster.url(), config);
    caches.add(holder);
    caches.add(waiter);
    for (int i = 0; i < 6; i++) { // keys on every primary: the lease key shares the entry's slot
      String key = "com.acme.P:v1:get(long):" + i;
      assertNull(holder.get(key, STRING)); // takes the lease
      long waits = waiter.leaseWaitCount();
      java.util.concurrent.CompletableFuture<String> waiting =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> waiter.get(key, STRING));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (waiter.leaseWaitCount() == waits && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertEquals(waits + 1, waiter.leaseWaitCount(), key);
      holder.set(key, "loaded once " + i, Duration.ofMinutes(5));
      assertEquals("loaded once " + i, waiting.get(10, TimeUnit.SECONDS));
    }
    assertEquals(0, holder.errorCount() + waiter.errorCount(), "no CROSSSLOT in the lease's script");
  }

  private static Map<HostAndPort, Integer> countPerPrimary(String pattern) {
    Map<HostAndPort, Integer> counts = new HashMap<>();
    for (HostAndPort primary : cluster.primaries()) {
      Set<String> found = new HashSet<>();
      try (Jedis node = RedisProcesses.admin(primary)) {
        String cursor = "0";
        do {
          ScanResult<String> page = node.scan(cursor, new ScanParams().match(pattern).count(1000));
          found.addAll(page.getResult());
          cursor = page.getCursor();
        } while (!cursor.equals("0"));
      }
      if (!found.isEmpty()) {
        counts.put(primary, found.size());
      }
    }
    return counts;
  }

  private static int total(Map<HostAndPort, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
