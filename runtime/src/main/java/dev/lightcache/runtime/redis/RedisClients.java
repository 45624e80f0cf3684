package dev.lightcache.runtime.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * Builds the Jedis client of a cache created from a URL: bounded timeouts, a bounded pool that never
 * waits forever, TLS and credentials from the URL, and broken connections released off the caller's
 * thread ({@link BrokenConnectionReleasingExecutor}).
 *
 * <p>One place for this, so that the Sentinel and Cluster URLs of {@code DESIGN.md} ("Scale-out") can
 * be added here without touching the cache.
 */
final class RedisClients {

  private RedisClients() {}

  static RedisClient fromUrl(RedisUrl url, RedisCacheConfig config) {
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
            .socketTimeoutMillis((int) config.readTimeout().toMillis())
            .database(url.database())
            .clientName("lightcache");
    RedisTls.apply(client, config, url.tls()); // rediss://: certificate and host name checked
    if (url.password() != null) {
      client.user(url.user()).password(url.password());
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(config.poolSize());
    pool.setMaxIdle(config.poolSize());
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(config.poolMaxWait()); // never wait forever for a connection
    DefaultJedisClientConfig clientConfig = client.build();
    PooledConnectionProvider connections =
        new PooledConnectionProvider(new HostAndPort(url.host(), url.port()), clientConfig, pool);
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
