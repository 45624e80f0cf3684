package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Sentinel setup that {@link RedisSentinelExtension} starts, checked with Jedis's Sentinel
 * client: it reads and writes through the sentinels, and after the primary is killed and the
 * sentinels promote the replica, the same client writes again. The failover runs twice, to show that
 * {@link RedisSentinelExtension#restartKilled()} leaves a setup the next test can fail over again.
 */
class RedisSentinelExtensionTest {

  @RegisterExtension static final RedisSentinelExtension sentinel = new RedisSentinelExtension();

  /**
   * How long a failover may take: {@code down-after-milliseconds} is 1 s, so it takes about 3 s; a
   * split vote among the sentinels delays it by 2 x {@code failover-timeout} (10 s).
   */
  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);

  /** How long the client may take to switch to the new primary. */
  private static final Duration CLIENT_BOUND = Duration.ofSeconds(20);

  @AfterEach
  void restore() {
    sentinel.restartKilled();
  }

  @Test
  void readsAndWritesThroughTheSentinels() {
    String url = sentinel.url();
    assertTrue(url.startsWith("redis-sentinel://127.0.0.1:"), url);
    assertTrue(url.endsWith("#mymaster"), url);
    for (HostAndPort address : sentinel.sentinels()) {
      assertTrue(url.contains("127.0.0.1:" + address.getPort()), url);
    }
    assertEquals("mymaster", sentinel.masterName());

    HostAndPort primary = sentinel.currentPrimary();
    assertTrue(sentinel.dataNodes().contains(primary), primary + " in " + sentinel.dataNodes());
    try (RedisSentinelClient client = sentinel.newClient()) {
      assertEquals(primary, client.getCurrentMaster());
      client.set("sentinel:k", "v");
      assertEquals("v", client.get("sentinel:k"));
    }
    HostAndPort replica =
        sentinel.dataNodes().stream().filter(n -> !n.equals(primary)).findFirst().orElseThrow();
    try (Jedis jedis = RedisProcesses.admin(primary)) {
      assertEquals(1, jedis.waitReplicas(1, 5000));
    }
    try (Jedis jedis = RedisProcesses.admin(replica)) {
      // WAIT counts acknowledgements; a replica restarted by an earlier test may still be switching
      // to this primary, so give its copy a bounded moment.
      RedisProcesses.await(
          "the replica " + replica + " holds the write",
          java.time.Duration.ofSeconds(10),
          () -> "v".equals(jedis.get("sentinel:k")),
          () -> "replica role: " + jedis.role());
    }
  }

  @Test
  void pausedReplicaCatchesUpWhenResumed() {
    HostAndPort primary = sentinel.currentPrimary();
    HostAndPort replica =
        sentinel.dataNodes().stream().filter(n -> !n.equals(primary)).findFirst().orElseThrow();
    try (RedisSentinelClient client = sentinel.newClient()) {
      sentinel.pause(replica);
      try {
        client.set("sentinel:paused", "written while the replica was frozen");
      } finally {
        sentinel.resume(replica);
      }
    }
    RedisProcesses.await(
        "the resumed replica has the write",
        Duration.ofSeconds(10),
        () -> {
          try (Jedis jedis = RedisProcesses.admin(replica)) {
            return "written while the replica was frozen".equals(jedis.get("sentinel:paused"));
          }
        },
        sentinel::toString);
    assertEquals(primary, sentinel.currentPrimary());
  }

  @RepeatedTest(2)
  void afterTheSentinelsPromoteTheReplicaTheSameClientWritesAgain() {
    try (RedisSentinelClient client = sentinel.newClient()) {
      HostAndPort primary = sentinel.currentPrimary();
      client.set("sentinel:failover", "before");
      try (Jedis jedis = RedisProcesses.admin(primary)) {
        assertEquals(1, jedis.waitReplicas(1, 5000), "the replica acknowledged the write");
      }

      long killed = System.nanoTime();
      HostAndPort old = sentinel.killPrimary();
      assertEquals(primary, old);
      // The client on its own first: it retries until it has switched to the new primary.
      retry(() -> client.set("sentinel:failover", "after"));
      long written = System.nanoTime();
      HostAndPort promoted = sentinel.awaitNewPrimary(old, FAILOVER_BOUND);
      long failedOver = System.nanoTime();
      assertNotEquals(old, promoted);
      assertEquals("after", client.get("sentinel:failover"));
      assertEquals(promoted, client.getCurrentMaster());
      System.out.printf(
          "[lightcache] sentinel failover: a write through the same client succeeded %d ms after"
              + " SIGKILL of %s; every sentinel named %s and had finished %d ms after the kill%n",
          millis(written - killed), old, promoted, millis(failedOver - killed));

      long restarting = System.nanoTime();
      sentinel.restartKilled();
      System.out.printf(
          "[lightcache] sentinel: %s back as a replica of %s in %d ms%n",
          old, promoted, millis(System.nanoTime() - restarting));
      try (Jedis jedis = RedisProcesses.admin(old)) {
        List<Object> role = jedis.role();
        assertEquals("slave", String.valueOf(role.get(0)));
        assertEquals(promoted.getPort(), ((Number) role.get(2)).intValue());
      }
      assertEquals(promoted, sentinel.currentPrimary());
    }
  }

  /** Runs a command until it succeeds, for the time the client needs to switch. */
  private static <T> T retry(Supplier<T> command) {
    long deadline = System.nanoTime() + CLIENT_BOUND.toNanos();
    while (true) {
      try {
        return command.get();
      } catch (JedisException e) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("the client did not recover within " + CLIENT_BOUND, e);
        }
        RedisProcesses.sleep(50);
      }
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
