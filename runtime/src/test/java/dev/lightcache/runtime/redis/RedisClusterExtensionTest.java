package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.ClusterShardInfo;

/**
 * The cluster that {@link RedisClusterExtension} starts, checked with Jedis's cluster client: three
 * primaries cover every slot, keys spread over them, and a killed or paused primary is replaced by
 * its replica, after which the same client serves its slots again.
 */
class RedisClusterExtensionTest {

  @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();

  /** How long a failover may take: the node timeout is 1 s, so it takes about 3 s. */
  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(20);

  /** How long the client may take to serve the slots of a failed-over primary again. */
  private static final Duration CLIENT_BOUND = Duration.ofSeconds(20);

  @AfterEach
  void makeWhole() {
    cluster.reset();
  }

  @Test
  void threePrimariesWithAReplicaEachCoverEverySlot() {
    List<HostAndPort> nodes = cluster.nodes();
    assertEquals(RedisClusterExtension.NODE_COUNT, new HashSet<>(nodes).size());
    String url = cluster.url();
    assertTrue(url.startsWith("redis-cluster://127.0.0.1:"), url);
    for (HostAndPort node : nodes) {
      assertTrue(url.contains("127.0.0.1:" + node.getPort()), url);
    }

    List<HostAndPort> primaries = cluster.primaries();
    assertEquals(3, primaries.size(), primaries.toString());
    Set<HostAndPort> replicas = new HashSet<>();
    for (HostAndPort primary : primaries) {
      HostAndPort replica = cluster.replicaOf(primary);
      assertFalse(primaries.contains(replica), replica + " is a primary");
      try (Jedis jedis = RedisProcesses.admin(replica)) {
        List<Object> role = jedis.role();
        assertEquals("slave", String.valueOf(role.get(0)));
        assertEquals(primary.getPort(), ((Number) role.get(2)).intValue());
      }
      replicas.add(replica);
    }
    assertEquals(3, replicas.size());

    // Every slot belongs to exactly one shard, whose primary is one of the three.
    try (Jedis jedis = RedisProcesses.admin(primaries.get(0))) {
      BitSet covered = new BitSet(RedisClusterExtension.SLOT_COUNT);
      int slots = 0;
      for (ClusterShardInfo shard : jedis.clusterShards()) {
        List<List<Long>> ranges = shard.getSlots();
        if (ranges.isEmpty()) {
          continue;
        }
        assertTrue(
            shard.getNodes().stream()
                .anyMatch(
                    n -> "master".equals(n.getRole())
                        && primaries.contains(new HostAndPort(n.getIp(), n.getPort().intValue()))),
            shard.getClusterShardInfo().toString());
        for (List<Long> range : ranges) {
          for (long slot = range.get(0); slot <= range.get(1); slot++) {
            assertFalse(covered.get((int) slot), "slot " + slot + " twice");
            covered.set((int) slot);
            slots++;
          }
        }
      }
      assertEquals(RedisClusterExtension.SLOT_COUNT, slots);
      assertTrue(jedis.clusterInfo().contains("cluster_slots_ok:16384"), jedis.clusterInfo());
    }
  }

  @Test
  void keysSetThroughTheClientLandOnDifferentPrimaries() {
    Map<String, HostAndPort> owners = new LinkedHashMap<>();
    try (RedisClusterClient client = cluster.newClient()) {
      for (int i = 0; i < 60; i++) {
        String key = "spread:" + i;
        client.set(key, "v" + i);
        owners.put(key, cluster.slotOwnerOf(key));
      }
      for (int i = 0; i < 60; i++) {
        assertEquals("v" + i, client.get("spread:" + i));
      }
    }
    assertEquals(new HashSet<>(cluster.primaries()), new HashSet<>(owners.values()));
    // Each key is on the primary that owns its slot: a plain GET there finds it (elsewhere: MOVED).
    owners.forEach(
        (key, owner) -> {
          try (Jedis jedis = RedisProcesses.admin(owner)) {
            assertEquals("v" + key.substring("spread:".length()), jedis.get(key), key);
          }
        });
  }

  @Test
  void killedPrimaryIsReplacedByItsReplicaAndTheClientServesItsSlotsAgain() {
    HostAndPort victim = cluster.primaries().get(0);
    HostAndPort replica = cluster.replicaOf(victim);
    List<String> keys = keysOwnedBy(victim, 20);
    try (RedisClusterClient client = cluster.newClient()) {
      for (String key : keys) {
        client.set(key, "before");
      }
      try (Jedis jedis = RedisProcesses.admin(victim)) {
        assertEquals(1, jedis.waitReplicas(1, 5000), "the replica acknowledged the writes");
      }

      long killed = System.nanoTime();
      cluster.kill(victim);
      // The client on its own first: it retries until it finds the slot's new owner. The replica
      // had the writes, so the same client finds them on the new primary.
      String first = retry(() -> client.get(keys.get(0)));
      long served = System.nanoTime();
      assertEquals("before", first);
      HostAndPort promoted = cluster.awaitFailover(victim, FAILOVER_BOUND);
      long failedOver = System.nanoTime();
      assertEquals(replica, promoted);
      assertEquals(promoted, cluster.slotOwnerOf(keys.get(0)));
      assertFalse(cluster.primaries().contains(victim));
      for (String key : keys) {
        assertEquals("before", client.get(key), key);
        client.set(key, "after");
        assertEquals("after", client.get(key), key);
      }
      System.out.printf(
          "[lightcache] cluster failover: the client served the slot again %d ms after SIGKILL of"
              + " %s; %s was primary and every node ok %d ms after the kill%n",
          millis(served - killed), victim, promoted, millis(failedOver - killed));
    }
  }

  @Test
  void pausedPrimaryIsFailedOverAndRejoinsAsAReplicaWhenResumed() {
    HostAndPort victim = cluster.primaries().get(1);
    HostAndPort replica = cluster.replicaOf(victim);
    long paused = System.nanoTime();
    cluster.pause(victim);
    HostAndPort promoted = cluster.awaitFailover(victim, FAILOVER_BOUND);
    System.out.printf(
        "[lightcache] cluster failover: %s promoted %d ms after SIGSTOP of %s%n",
        promoted, millis(System.nanoTime() - paused), victim);
    assertEquals(replica, promoted);

    cluster.resume(victim);
    // It says so at once; the other nodes learn it by gossip, so replicaOf may lag a little.
    RedisProcesses.await(
        victim + " rejoins as a replica of " + promoted,
        Duration.ofSeconds(15),
        () -> {
          try (Jedis jedis = RedisProcesses.admin(victim)) {
            List<Object> role = jedis.role();
            return "slave".equals(String.valueOf(role.get(0)))
                && ((Number) role.get(2)).intValue() == promoted.getPort()
                && victim.equals(cluster.replicaOf(promoted));
          }
        },
        cluster::toString);
  }

  @Test
  void restartAsFreshBuildsANewClusterOnNewPorts() throws Exception {
    try (RedisClusterClient client = cluster.newClient()) {
      client.set("fresh", "old cluster");
    }
    List<HostAndPort> before = cluster.nodes();
    cluster.restartAsFresh();
    List<HostAndPort> after = cluster.nodes();
    assertEquals(RedisClusterExtension.NODE_COUNT, after.size());
    assertNotEquals(before, after);
    assertEquals(3, cluster.primaries().size());
    try (RedisClusterClient client = cluster.newClient()) {
      assertEquals(null, client.get("fresh"));
      client.set("fresh", "new cluster");
      assertEquals("new cluster", client.get("fresh"));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> keysOwnedBy(HostAndPort primary, int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = "failover:" + i;
      if (cluster.slotOwnerOf(key).equals(primary)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Runs a command until it succeeds, for the time the client needs to learn the new topology. */
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
