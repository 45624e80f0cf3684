package dev.lightcache.runtime.redis;

import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * Builds the Jedis client of a cache created from a URL: bounded timeouts, a bounded pool that never
 * waits forever, TLS and credentials from the URL, and broken connections released off the caller's
 * thread ({@link BrokenConnectionReleasingExecutor}).
 *
 * <p>Every deployment of {@code DESIGN.md} ("Scale-out") is built on Jedis's own client for it: {@link
 * RedisClient} for one server, {@link RedisSentinelClient} (follows failovers) and {@link
 * RedisClusterClient} (follows slot moves and failovers). A cluster call retries redirections and
 * failed nodes for at most one read timeout in all, so one call never waits for much more than one
 * timeout.
 */
final class RedisClients {

  private RedisClients() {}

  /**
   * Checks what can be checked without Redis (the TLS settings against the URL, the stores), so a
   * misconfiguration fails the cache's constructor rather than every call.
   *
   * @throws IllegalArgumentException as {@link RedisTls#apply} does
   */
  static void check(RedisUrl url, RedisCacheConfig config) {
    RedisTls.apply(DefaultJedisClientConfig.builder(), config, url.tls());
  }

  /** Builds the client; it talks to Redis at once, and throws when nobody answers. */
  static UnifiedJedis fromUrl(RedisUrl url, RedisCacheConfig config) {
    return switch (url.deployment()) {
      case SINGLE -> single(url, config);
      case SENTINEL -> sentinel(url, config);
      case CLUSTER -> cluster(url, config);
    };
  }

  private static RedisSentinelClient sentinel(RedisUrl url, RedisCacheConfig config) {
    DefaultJedisClientConfig.Builder sentinels = bounded(config, "lightcache-sentinel");
    RedisTls.apply(sentinels, config, url.tls()); // sentinels speak TLS when the data nodes do
    return RedisSentinelClient.builder()
        .masterName(url.masterName())
        .sentinels(addresses(url))
        .sentinelClientConfig(sentinels.build())
        .clientConfig(clientConfig(url, config))
        .poolConfig(pool(config))
        .build();
  }

  private static RedisClusterClient cluster(RedisUrl url, RedisCacheConfig config) {
    return RedisClusterClient.builder()
        .nodes(addresses(url))
        .clientConfig(clientConfig(url, config))
        .poolConfig(pool(config))
        .maxAttempts(5)
        .maxTotalRetriesDuration(config.readTimeout())
        .build(); // no periodic topology refresh: its thread outlives a failed build; Jedis
                  // refreshes on redirections and failed nodes
  }

  private static Set<HostAndPort> addresses(RedisUrl url) {
    Set<HostAndPort> addresses = new LinkedHashSet<>();
    for (RedisUrl.Node node : url.nodes()) {
      addresses.add(new HostAndPort(node.host(), node.port()));
    }
    return addresses;
  }

  private static ConnectionPoolConfig pool(RedisCacheConfig config) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(config.poolSize());
    pool.setMaxIdle(config.poolSize());
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(config.poolMaxWait()); // never wait forever for a connection
    return pool;
  }

  /** A connection's settings with the configured connect and read timeouts, named {@code name}. */
  private static DefaultJedisClientConfig.Builder bounded(RedisCacheConfig config, String name) {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
        .socketTimeoutMillis((int) config.readTimeout().toMillis())
        .clientName(name);
  }

  private static JedisClientConfig clientConfig(RedisUrl url, RedisCacheConfig config) {
    DefaultJedisClientConfig.Builder client =
        bounded(config, "lightcache").database(url.database());
    RedisTls.apply(client, config, url.tls()); // rediss://: certificate and host name checked
    if (url.password() != null) {
      client.user(url.user()).password(url.password());
    }
    return client.build();
  }

  private static RedisClient single(RedisUrl url, RedisCacheConfig config) {
    JedisClientConfig clientConfig = clientConfig(url, config);
    PooledConnectionProvider connections =
        new PooledConnectionProvider(
            new HostAndPort(url.host(), url.port()), clientConfig, pool(config));
    return RedisClient.builder()
        .hostAndPort(url.host(), url.port())
        .clientConfig(clientConfig)
        .connectionProvider(connections)
        .commandExecutor(new BrokenConnectionReleasingExecutor(connections))
        .build();
  }

  /**
   * Drops the idle connections of a client's pool: after a restart of Redis they would all be broken,
   * and each would fail one more call. Best effort; a no-op for clients without a single pool.
   */
  static void clearIdleConnections(UnifiedJedis client) {
    if (client instanceof RedisClient redisClient) {
      Pool<Connection> pool = redisClient.getPool();
      try {
        pool.clear();
      } catch (RuntimeException e) {
        // Best effort: broken connections are also dropped one by one when they fail.
      }
    }
  }
}
