package dev.lightcache.runtime.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.Pool;

/**
 * Takes a connection for a subscription from a client's own pool, so that the subscription uses the
 * client's address, credentials, TLS and timeouts, and so that the subscriber can close it from
 * another thread (a blocked {@code SUBSCRIBE} notices nothing else). It stays out of the pool for as
 * long as the subscription lasts (one connection of the pool's size) and is never returned: the
 * caller marks it broken, so the pool discards it.
 *
 * <p>One server ({@link RedisClient}): its pool. Sentinel ({@link RedisSentinelClient}): the pool of
 * the current primary, looked up again at each connection, so a new subscription follows a
 * failover. Cluster ({@link RedisClusterClient}): any node, tried in random
 * order (classic pub/sub messages reach every node).
 */
final class PubSubConnections {

  private PubSubConnections() {}

  /**
   * A connection taken out of {@code client}'s pool.
   *
   * @return the connection, or {@code null} for a client of another kind (then the caller subscribes
   *     through the client, and cannot close a blocked subscription)
   * @throws RuntimeException what the pool throws when it cannot connect
   */
  static @Nullable Connection take(UnifiedJedis client) {
    if (client instanceof RedisClient single) {
      return single.getPool().getResource();
    }
    if (client instanceof RedisSentinelClient sentinel) {
      for (Pool<Connection> primary : sentinel.getPrimaryNodesConnectionMap().values()) {
        return primary.getResource();
      }
      throw new JedisConnectionException("no primary known to the Sentinel client yet");
    }
    if (client instanceof RedisClusterClient cluster) {
      return anyNode(cluster.getClusterNodes());
    }
    return null;
  }

  private static Connection anyNode(Map<String, ? extends Pool<Connection>> nodes) {
    List<Pool<Connection>> pools = new ArrayList<>(nodes.values());
    Collections.shuffle(pools);
    RuntimeException last = null;
    for (Pool<Connection> pool : pools) {
      try {
        return pool.getResource();
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last != null ? last : new JedisConnectionException("no cluster node known yet");
  }
}
