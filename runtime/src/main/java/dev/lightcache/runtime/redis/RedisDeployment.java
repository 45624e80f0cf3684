package dev.lightcache.runtime.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * What differs between the deployments a cache runs on: whether keys are spread over the slots of a
 * Redis Cluster, and how to reach every primary for the commands that walk the keyspace ({@code SCAN}
 * is per node). One server and a Sentinel-watched primary are one node behind the client; a cluster's
 * primaries are found with {@code CLUSTER SLOTS} at each walk, so a walk follows failovers and slot
 * moves. Thread-safe.
 */
final class RedisDeployment {

  /** The commands a keyspace walk runs on one primary. */
  interface Node {
    /** One {@code SCAN} page of this node. */
    ScanResult<byte[]> scan(byte[] cursor, ScanParams params);

    /**
     * Removes keys found on this node with {@code UNLINK}: one command per hash slot in a cluster
     * (never a {@code CROSSSLOT} error), sent together; a key whose slot moved meanwhile is removed
     * where it now lives.
     *
     * @return how many keys were removed
     */
    long unlink(List<byte[]> keys);
  }

  /** What a keyspace walk does on each primary. */
  @FunctionalInterface
  interface NodeAction {
    void run(Node node);
  }

  /** The least time between two topology refreshes that failures ask for. */
  private static final long REFRESH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final RedisConnection connection;
  private final boolean clustered;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile long lastRefresh = System.nanoTime() - REFRESH_INTERVAL_NANOS;

  /**
   * @param connection the client, built on first use
   * @param clustered whether it is a {@link RedisClusterClient}
   */
  RedisDeployment(RedisConnection connection, boolean clustered) {
    this.connection = connection;
    this.clustered = clustered;
  }

  /** Whether keys are spread over the hash slots of a Redis Cluster. */
  boolean clustered() {
    return clustered;
  }

  /**
   * The hash tag that puts a key of the cache's own beside {@code entryKey}: {@code {<tag>}} with the
   * {@link SlotTags tag} of the entry's slot in a cluster, empty elsewhere (one node holds all).
   */
  String hashTagOf(byte[] entryKey) {
    return clustered ? "{" + SlotTags.of(JedisClusterCRC16.getSlot(entryKey)) + "}" : "";
  }

  /**
   * After a command failed without an answer: in a cluster, asks the nodes for the slots again, on a
   * short-lived daemon thread, at most every 200 ms. Jedis renews its slot map itself only after two
   * failed attempts within one command's retry budget; a frozen primary (SIGSTOP, a partition) times
   * out once per command, so without this the client would keep sending its slots' commands to it
   * after its replica took over. Returns at once.
   */
  void refreshTopologySoon() {
    if (!clustered
        || !(connection.ifBuilt() instanceof RedisClusterClient cluster)
        || System.nanoTime() - lastRefresh < REFRESH_INTERVAL_NANOS
        || !refreshing.compareAndSet(false, true)) {
      return;
    }
    Thread refresher =
        new Thread(
            () -> {
              try {
                cluster.refreshClusterTopology();
              } catch (RuntimeException e) {
                // Every node failed to answer: the next failure asks again.
              } finally {
                lastRefresh = System.nanoTime();
                refreshing.set(false);
              }
            },
            "lightcache-cluster-refresh");
    refresher.setDaemon(true);
    refresher.start();
  }

  /**
   * Runs {@code action} on every primary, one after the other. Throws what the client throws; in a
   * cluster, also when a primary that owns slots cannot be reached (a walk that skipped it would leave
   * its keys behind, so it fails and is retried as a whole).
   */
  void forEachPrimary(NodeAction action) {
    UnifiedJedis client = connection.client();
    if (!(client instanceof RedisClusterClient cluster)) {
      action.run(new Whole(client));
      return;
    }
    for (String address : primaries(cluster)) {
      ConnectionPool pool = poolOf(cluster, address);
      try (Jedis node = new Jedis(pool.getResource())) { // closing it returns the connection, once
        action.run(new ClusterNode(node, cluster));
      }
    }
  }

  /** The {@code host:port} of every primary that owns slots, asked of any node that answers. */
  private static Set<String> primaries(RedisClusterClient cluster) {
    RuntimeException failure = null;
    for (ConnectionPool pool : new ArrayList<>(cluster.getClusterNodes().values())) {
      try (Jedis node = new Jedis(pool.getResource())) { // closing it returns the connection, once
        return primariesIn(node.clusterSlots());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    throw failure != null ? failure : new IllegalStateException("no node of the cluster is known");
  }

  private static Set<String> primariesIn(List<Object> slots) {
    Set<String> primaries = new LinkedHashSet<>();
    for (Object range : slots) {
      List<?> parts = (List<?>) range;
      List<?> primary = (List<?>) parts.get(2);
      String host = text(primary.get(0));
      long port = (Long) primary.get(1);
      primaries.add(host + ":" + port);
    }
    return primaries;
  }

  private static ConnectionPool poolOf(RedisClusterClient cluster, String address) {
    ConnectionPool pool = cluster.getClusterNodes().get(address);
    if (pool == null) {
      cluster.refreshClusterTopology(); // a node the client has not met yet
      pool = cluster.getClusterNodes().get(address);
    }
    if (pool == null) {
      throw new IllegalStateException("the cluster names primary " + address + ", which the client cannot reach");
    }
    return pool;
  }

  private static String text(Object value) {
    return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
  }

  /** One server, or the primary a Sentinel client follows: the whole keyspace behind the client. */
  private record Whole(UnifiedJedis client) implements Node {
    @Override
    public ScanResult<byte[]> scan(byte[] cursor, ScanParams params) {
      return client.scan(cursor, params);
    }

    @Override
    public long unlink(List<byte[]> keys) {
      return client.unlink(keys.toArray(new byte[0][]));
    }
  }

  /** One primary of a cluster, reached directly. */
  private record ClusterNode(Jedis node, RedisClusterClient cluster) implements Node {
    @Override
    public ScanResult<byte[]> scan(byte[] cursor, ScanParams params) {
      return node.scan(cursor, params);
    }

    @Override
    public long unlink(List<byte[]> keys) {
      Map<Integer, List<byte[]>> bySlot = new LinkedHashMap<>();
      for (byte[] key : keys) {
        bySlot.computeIfAbsent(JedisClusterCRC16.getSlot(key), slot -> new ArrayList<>()).add(key);
      }
      List<byte[][]> groups = new ArrayList<>(bySlot.size());
      List<Response<Long>> replies = new ArrayList<>(bySlot.size());
      Pipeline pipeline = node.pipelined();
      for (List<byte[]> group : bySlot.values()) {
        byte[][] array = group.toArray(new byte[0][]);
        groups.add(array);
        replies.add(pipeline.unlink(array));
      }
      pipeline.sync();
      long removed = 0;
      for (int i = 0; i < replies.size(); i++) {
        try {
          removed += replies.get(i).get();
        } catch (RuntimeException movedOrAsk) {
          removed += cluster.unlink(groups.get(i)); // the slot moved: where it lives now
        }
      }
      return removed;
    }
  }
}
