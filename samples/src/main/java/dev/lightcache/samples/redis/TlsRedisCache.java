package dev.lightcache.samples.redis;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * A {@link DefaultRedisCache} over TLS ({@code rediss://}) with the TLS settings of {@link
 * RedisCacheConfig}: a private CA, mutual TLS, or an SSL context the application builds. The cache
 * builds and owns its client; {@link OwnClientRedisCache} shows a client the application builds.
 */
public final class TlsRedisCache {

  private TlsRedisCache() {}

  /**
   * A cache that trusts a private CA and presents a client certificate (mutual TLS).
   *
   * @param url a {@code rediss://} URL
   * @param trustStore a PKCS#12 store holding the CA of the server's certificate
   * @param trustStorePassword its password
   * @param keyStore a PKCS#12 store holding the client's key and certificate
   * @param keyStorePassword its password (and the key's)
   * @return the cache
   * @throws IllegalArgumentException if a store is missing or its password is wrong
   */
  public static DefaultRedisCache withStores(
      String url,
      Path trustStore,
      char[] trustStorePassword,
      Path keyStore,
      char[] keyStorePassword) {
    // tag::stores[]
    RedisCacheConfig config =
        RedisCacheConfig.builder()
            .trustStore(trustStore, trustStorePassword) // a private CA, not the JVM's CAs
            .keyStore(keyStore, keyStorePassword)       // mutual TLS only: the client's key
            .build();
    DefaultRedisCache cache = new DefaultRedisCache(url, config); // url: rediss://...
    // end::stores[]
    return cache;
  }

  /**
   * A cache whose connections use an SSL context the application built.
   *
   * @param url a {@code rediss://} URL
   * @param sslContext an initialised context, with the trust managers (and key managers) to use
   * @return the cache
   */
  public static DefaultRedisCache withContext(String url, SSLContext sslContext) {
    // tag::context[]
    RedisCacheConfig config =
        RedisCacheConfig.builder()
            .sslContext(sslContext) // its trust and key managers; host names are still checked
            .build();
    DefaultRedisCache cache = new DefaultRedisCache(url, config);
    // end::context[]
    return cache;
  }
}
