package dev.lightcache.runtime.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * Turns the TLS settings of a {@link RedisCacheConfig} into the settings of the Jedis client that a
 * cache builds from a URL.
 *
 * <ul>
 *   <li>{@code rediss://} without TLS settings: {@link SslOptions#defaults()}, the JVM's trust store.
 *   <li>{@link RedisCacheConfig.Builder#trustStore trustStore} and/or {@link
 *       RedisCacheConfig.Builder#keyStore keyStore}: Jedis's own {@link SslOptions} with those files,
 *       their passwords and their type, in {@link SslVerifyMode#FULL}. A key store without a trust
 *       store presents the client certificate and checks the server against the JVM's trust store.
 *   <li>{@link RedisCacheConfig.Builder#sslContext sslContext}: the context's socket factory, with
 *       {@code endpointIdentificationAlgorithm} {@code HTTPS}.
 * </ul>
 *
 * <p>In every case the server's certificate chain <em>and</em> host name are checked: the host of the
 * URL must be among the certificate's subject alternative names ({@code IP:} entries for an address
 * such as {@code 127.0.0.1}, {@code DNS:} entries for a name).
 *
 * <p><b>Mistakes fail when the cache is built</b>, with an {@link IllegalArgumentException} that names
 * the setting and the file (never a password), rather than as misses at run time: a misconfiguration
 * is not an outage, and failing open on it would hide it behind a cold cache. That covers
 *
 * <ul>
 *   <li>TLS settings with a {@code redis://} URL (the settings would be silently ignored and the
 *       traffic sent in clear);
 *   <li>a store file that is missing, unreadable, not of the configured type (PKCS#12), or whose
 *       password is wrong;
 *   <li>a trust store that holds no trusted certificate (such as a PKCS#12 file made by {@code openssl
 *       pkcs12 -export -nokeys}, which the JDK reads as empty), and a key store that holds no private
 *       key, or whose key does not open with the store's password.
 * </ul>
 *
 * <p>The stores are read here once, to check them; Jedis reads them again for each new connection.
 * So a store replaced by a valid one (a rotated certificate) is used by the connections opened
 * after that, and a store that goes missing or bad after the cache was built makes new connections
 * fail: those failures are treated like an outage (misses, {@code errorCount()}, the circuit
 * breaker), because the cache is already serving.
 */
final class RedisTls {

  private RedisTls() {}

  /**
   * Applies the TLS settings of {@code config} to {@code client}.
   *
   * @param client the builder of the client's settings
   * @param config the cache's settings
   * @param tlsUrl whether the URL is {@code rediss://}
   * @throws IllegalArgumentException if the settings name TLS stores or a context but the URL is
   *     {@code redis://}, or a store cannot be used (see the class comment)
   */
  static void apply(DefaultJedisClientConfig.Builder client, RedisCacheConfig config, boolean tlsUrl) {
    if (!tlsUrl) {
      if (config.hasTlsSettings()) {
        throw new IllegalArgumentException(
            "the settings name " + named(config) + " but the URL is redis://; use rediss:// (TLS)");
      }
      return;
    }
    Optional<SSLContext> context = config.sslContext();
    if (context.isPresent()) {
      // Without SslOptions Jedis uses this factory and these parameters as they are; an empty
      // endpoint identification algorithm would check the chain but not the host name.
      SSLParameters parameters = new SSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      client.ssl(true).sslSocketFactory(context.get().getSocketFactory()).sslParameters(parameters);
      return;
    }
    RedisCacheConfig.Store trustStore = config.trustStoreFile();
    RedisCacheConfig.Store keyStore = config.keyStoreFile();
    if (trustStore == null && keyStore == null) {
      client.sslOptions(SslOptions.defaults()); // JVM trust store, certificate and host name checked
      return;
    }
    // FULL: the chain against the trust store and the host name against the certificate.
    SslOptions.Builder options = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL);
    if (trustStore != null) {
      checkTrustStore(trustStore);
      options
          .truststore(trustStore.path().toFile(), copy(trustStore.password()))
          .trustStoreType(trustStore.type());
    }
    if (keyStore != null) {
      checkKeyStore(keyStore);
      options
          .keystore(keyStore.path().toFile(), copy(keyStore.password()))
          .keyStoreType(keyStore.type());
    }
    client.sslOptions(options.build());
  }

  private static String named(RedisCacheConfig config) {
    List<String> names = new ArrayList<>();
    if (config.trustStore().isPresent()) {
      names.add("a trust store");
    }
    if (config.keyStore().isPresent()) {
      names.add("a key store");
    }
    if (config.sslContext().isPresent()) {
      names.add("an SSL context");
    }
    return String.join(" and ", names);
  }

  private static void checkTrustStore(RedisCacheConfig.Store store) {
    KeyStore keyStore = load(store, "trustStore");
    try {
      boolean trusted = false;
      for (String alias : Collections.list(keyStore.aliases())) {
        trusted |= keyStore.isCertificateEntry(alias);
      }
      if (!trusted) {
        throw new IllegalArgumentException(
            "trustStore " + store + " holds no trusted certificate: a PKCS#12 file made by openssl"
                + " pkcs12 -nokeys reads as empty in Java; make it with keytool -importcert, and give"
                + " the password if its certificates are encrypted");
      }
      TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init(keyStore);
    } catch (GeneralSecurityException e) {
      throw unusable(store, "trustStore", e);
    }
  }

  private static void checkKeyStore(RedisCacheConfig.Store store) {
    KeyStore keyStore = load(store, "keyStore");
    try {
      boolean hasKey = false;
      for (String alias : Collections.list(keyStore.aliases())) {
        hasKey |= keyStore.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException(
            "keyStore " + store + " holds no private key: mutual TLS needs the client's key and"
                + " certificate");
      }
      // Jedis opens the keys with the store's password: a key with another password fails here.
      KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
          .init(keyStore, store.password());
    } catch (GeneralSecurityException e) {
      throw unusable(store, "keyStore", e);
    }
  }

  private static KeyStore load(RedisCacheConfig.Store store, String setting) {
    if (!Files.isRegularFile(store.path())) {
      throw new IllegalArgumentException(
          setting + " file " + store.path() + (Files.exists(store.path())
              ? " is not a regular file" : " does not exist"));
    }
    try (InputStream in = Files.newInputStream(store.path())) {
      KeyStore keyStore = KeyStore.getInstance(store.type());
      keyStore.load(in, store.password());
      return keyStore;
    } catch (IOException | GeneralSecurityException e) {
      // PKCS12 reports a wrong password as an IOException ("keystore password was incorrect").
      throw unusable(store, setting, e);
    }
  }

  private static IllegalArgumentException unusable(
      RedisCacheConfig.Store store, String setting, Exception e) {
    return new IllegalArgumentException(
        setting + " " + store + " cannot be used (wrong password, or not a " + store.type()
            + " store?): " + e.getMessage(),
        e);
  }

  private static char @Nullable [] copy(char @Nullable [] password) {
    return password == null ? null : password.clone(); // Jedis keeps it; the config keeps its own
  }
}
