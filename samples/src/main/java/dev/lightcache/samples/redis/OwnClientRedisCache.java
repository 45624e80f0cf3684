package dev.lightcache.samples.redis;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.JacksonCodec;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import java.io.File;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;

/**
 * A {@link DefaultRedisCache} over a Jedis client the application builds itself: TLS with its own trust
 * store, an ACL user, its own pool. The application closes the client; closing the cache does not.
 */
public final class OwnClientRedisCache {

  private OwnClientRedisCache() {}

  /**
   * Builds the client and the cache over it.
   *
   * @param host the Redis host
   * @param port its TLS port
   * @param user the ACL user
   * @param password its password
   * @param truststore a trust store holding the CA of the server's certificate
   * @param truststorePassword the trust store's password
   * @return the client (to close on shutdown) and the cache
   */
  public static Pair create(
      String host, int port, String user, String password, File truststore, char[] truststorePassword) {
    // tag::client[]
    DefaultJedisClientConfig clientConfig =
        DefaultJedisClientConfig.builder()
            .user(user)                                     // an ACL user, see docs/redis.md
            .password(password)
            .sslOptions(SslOptions.builder().truststore(truststore, truststorePassword).build())
            .connectionTimeoutMillis(2_000)                 // keep timeouts bounded
            .socketTimeoutMillis(1_000)
            .build();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(32);
    pool.setMaxWait(Duration.ofSeconds(1));                 // never wait forever for a connection
    RedisClient client =
        RedisClient.builder()
            .hostAndPort(host, port)
            .clientConfig(clientConfig)
            .poolConfig(pool)
            .build();

    RedisCacheConfig config = RedisCacheConfig.builder().prefix("shop:").build();
    DefaultRedisCache cache = new DefaultRedisCache(client, new JacksonCodec(), config);
    // end::client[]
    return new Pair(client, cache);
  }

  /**
   * A client and the cache that uses it.
   *
   * @param client the client, closed by the application
   * @param cache the cache
   */
  public record Pair(RedisClient client, DefaultRedisCache cache) {}
}
