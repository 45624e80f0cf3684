package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * The TLS settings of {@link RedisCacheConfig} against real {@code redis-server}s listening only on a
 * TLS port, with a private CA the test makes at run time with {@code openssl}: a server certificate
 * for {@code IP:127.0.0.1, DNS:localhost}, one for another host name, and a client certificate, all
 * signed by the CA; stores in PKCS#12. Every case goes through a real {@code DefaultRedisCache} built
 * from a {@code rediss://} URL.
 *
 * <p>Three servers: {@code --tls-auth-clients no}, {@code yes} (mutual TLS), and one whose certificate
 * names another host. They and the certificates are made by the first test that needs them; the tests
 * that need neither run without {@code redis-server} and {@code openssl}. When those are missing the
 * tests that need them are skipped, except under CI ({@code CI=true}), where they fail.
 */
class RedisTlsTest {

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final char[] TRUST_PASSWORD = "trust-secret".toCharArray();
  private static final char[] KEY_PASSWORD = "key-secret".toCharArray();

  private static @Nullable Fixture fixture;

  @AfterAll
  static void stopServers() {
    if (fixture != null) {
      fixture.close();
      fixture = null;
    }
  }

  // ---------------------------------------------------------------- (a), (b): server certificate

  @Test
  void aTrustStoreWithThePrivateCaConnects() throws Exception {
    Fixture f = fixture();
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix("tls-a:").trustStore(f.trustStore, TRUST_PASSWORD).build();
    try (DefaultRedisCache cache = new DefaultRedisCache(f.tls.url(), config)) {
      cache.set("k", "over TLS", MINUTE);

      assertEquals("over TLS", cache.get("k", STRING), f.tls.logTail());
      assertEquals(0, cache.errorCount());
      cache.flush();
    }
  }

  @Test
  void theHostNameIsCheckedAgainstTheDnsNamesOfTheCertificateToo() throws Exception {
    Fixture f = fixture();
    Assumptions.assumeTrue(
        Arrays.stream(InetAddress.getAllByName("localhost"))
            .anyMatch(a -> a.getHostAddress().equals("127.0.0.1")),
        "localhost does not resolve to 127.0.0.1 here");
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix("tls-dns:").trustStore(f.trustStore, TRUST_PASSWORD).build();
    try (DefaultRedisCache cache =
        new DefaultRedisCache("rediss://localhost:" + f.tls.port(), config)) {
      cache.set("k", "by name", MINUTE);

      assertEquals("by name", cache.get("k", STRING), f.tls.logTail());
      assertEquals(0, cache.errorCount());
      cache.flush();
    }
  }

  @Test
  void withoutTheTrustStoreThePrivateCaIsNotTrustedAndTheCacheFailsOpen() throws Exception {
    Fixture f = fixture();
    RedisCacheConfig config = RedisCacheConfig.builder().prefix("tls-b:").build(); // JVM trust store
    try (DefaultRedisCache cache = new DefaultRedisCache(f.tls.url(), config)) {
      assertFailsOpen(cache, "PKIX path building failed");
    }
  }

  @Test
  void aStoreThatGoesMissingAfterConstructionIsAnOutageNotAnException() throws Exception {
    Fixture f = fixture();
    Path copy = f.directory.resolve("truststore-soon-gone.p12");
    Files.copy(f.trustStore, copy);
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix("tls-gone:").trustStore(copy, TRUST_PASSWORD).build();
    try (DefaultRedisCache cache = new DefaultRedisCache(f.tls.url(), config)) { // checked here
      Files.delete(copy); // Jedis reads the store again for each new connection...
      killClientConnections(f); // ...and the client opened one in its constructor: drop it

      assertFailsOpen(cache, copy.toString());
    }
  }

  // ---------------------------------------------------------------- (c), (d): mutual TLS

  @Test
  void mutualTlsWithoutAClientCertificateFailsOpen() throws Exception {
    Fixture f = fixture();
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix("mtls-c1:").trustStore(f.trustStore, TRUST_PASSWORD).build();
    long log = f.mutualTls.logLength();
    try (DefaultRedisCache cache = new DefaultRedisCache(f.mutualTls.url(), config)) {
      assertFailsOpen(cache, null); // the client sees a closed connection or an alert, by timing
    }
    f.mutualTls.awaitLog(log, "peer did not return a certificate");
  }

  @Test
  void mutualTlsWithTheClientCertificateOfTheKeyStoreConnects() throws Exception {
    Fixture f = fixture();
    RedisCacheConfig config =
        RedisCacheConfig.builder()
            .prefix("mtls-c2:")
            .trustStore(f.trustStore, TRUST_PASSWORD)
            .keyStore(f.keyStore, KEY_PASSWORD)
            .build();
    try (DefaultRedisCache cache = new DefaultRedisCache(f.mutualTls.url(), config)) {
      cache.set("k", "mutual", MINUTE);

      assertEquals("mutual", cache.get("k", STRING), f.mutualTls.logTail());
      assertEquals(0, cache.errorCount());
      cache.flush();
    }
  }

  @Test
  void anSslContextBuiltFromTheSameStoresConnectsWithMutualTls() throws Exception {
    Fixture f = fixture();
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix("mtls-d:").sslContext(f.sslContext(true)).build();
    try (DefaultRedisCache cache = new DefaultRedisCache(f.mutualTls.url(), config)) {
      cache.set("k", "from a context", MINUTE);

      assertEquals("from a context", cache.get("k", STRING), f.mutualTls.logTail());
      assertEquals(0, cache.errorCount());
      cache.flush();
    }
  }

  @Test
  void anSslContextWithoutKeyManagersFailsOpenOnMutualTls() throws Exception {
    Fixture f = fixture();
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix("mtls-d2:").sslContext(f.sslContext(false)).build();
    long log = f.mutualTls.logLength();
    try (DefaultRedisCache cache = new DefaultRedisCache(f.mutualTls.url(), config)) {
      assertFailsOpen(cache, null); // the client sees a closed connection or an alert, by timing
    }
    f.mutualTls.awaitLog(log, "peer did not return a certificate");
  }

  // ---------------------------------------------------------------- (e): host names

  @Test
  void aCertificateOfTheTrustedCaForAnotherHostIsRefused() throws Exception {
    Fixture f = fixture();
    // The certificate itself is fine: a client that checks only the chain (Jedis's CA mode) talks.
    try (RedisClient chainOnly = chainOnlyClient(f, f.otherHost.port())) {
      assertEquals("PONG", chainOnly.ping());
    }

    RedisCacheConfig withStores =
        RedisCacheConfig.builder().prefix("host-e1:").trustStore(f.trustStore, TRUST_PASSWORD).build();
    RedisCacheConfig withContext =
        RedisCacheConfig.builder().prefix("host-e2:").sslContext(f.sslContext(false)).build();
    for (RedisCacheConfig config : List.of(withStores, withContext)) {
      try (DefaultRedisCache cache = new DefaultRedisCache(f.otherHost.url(), config)) {
        assertFailsOpen(cache, "No subject alternative names matching IP address 127.0.0.1");
      }
    }
  }

  // ---------------------------------------------------------------- (f): mistakes fail at once

  @Test
  void tlsSettingsWithAPlainUrlAreRefusedAtConstruction() throws Exception {
    Path nowhere = Path.of("does-not-matter.p12");
    List<RedisCacheConfig> configs =
        List.of(
            RedisCacheConfig.builder().trustStore(nowhere, TRUST_PASSWORD).build(),
            RedisCacheConfig.builder().keyStore(nowhere, KEY_PASSWORD).build(),
            RedisCacheConfig.builder().sslContext(SSLContext.getDefault()).build());
    List<String> named = List.of("a trust store", "a key store", "an SSL context");
    for (int i = 0; i < configs.size(); i++) {
      RedisCacheConfig config = configs.get(i);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new DefaultRedisCache("redis://127.0.0.1:6379", config).close());

      assertTrue(e.getMessage().contains(named.get(i)), e.getMessage());
      assertTrue(e.getMessage().contains("use rediss://"), e.getMessage());
    }
  }

  @Test
  void aMissingStoreIsRefusedAtConstructionNamingTheFile() throws IOException {
    Path directory = Files.createTempDirectory("lightcache-tls-missing-");
    try {
      Path missing = directory.resolve("no-such-truststore.p12");
      RedisCacheConfig trust = RedisCacheConfig.builder().trustStore(missing, TRUST_PASSWORD).build();
      RedisCacheConfig key = RedisCacheConfig.builder().keyStore(missing, KEY_PASSWORD).build();

      IllegalArgumentException e = constructionFails(trust);
      assertTrue(e.getMessage().contains("trustStore file " + missing + " does not exist"), e.getMessage());
      e = constructionFails(key);
      assertTrue(e.getMessage().contains("keyStore file " + missing + " does not exist"), e.getMessage());
    } finally {
      Files.deleteIfExists(directory);
    }
  }

  @Test
  void aWrongPasswordOrAStoreWithoutTheRightEntriesIsRefusedAtConstruction() throws Exception {
    Path directory = Files.createTempDirectory("lightcache-tls-bad-");
    try {
      Path empty = directory.resolve("empty.p12");
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      try (OutputStream out = Files.newOutputStream(empty)) {
        store.store(out, TRUST_PASSWORD);
      }

      IllegalArgumentException e =
          constructionFails(
              RedisCacheConfig.builder().trustStore(empty, "not-the-password-42".toCharArray()).build());
      assertTrue(e.getMessage().startsWith("trustStore " + empty + " (PKCS12) cannot be used"), e.getMessage());
      assertTrue(e.getMessage().contains("password"), e.getMessage());
      assertFalse(e.getMessage().contains("not-the-password-42"), "never the password: " + e.getMessage());

      e = constructionFails(RedisCacheConfig.builder().trustStore(empty, TRUST_PASSWORD).build());
      assertTrue(e.getMessage().contains("holds no trusted certificate"), e.getMessage());

      e = constructionFails(RedisCacheConfig.builder().keyStore(empty, TRUST_PASSWORD).build());
      assertTrue(e.getMessage().contains("holds no private key"), e.getMessage());
    } finally {
      try (var files = Files.list(directory)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(directory);
    }
  }

  @Test
  void aTrustStoreMadeByOpensslWithoutKeysIsRefusedBecauseJavaReadsItAsEmpty() throws Exception {
    Fixture f = fixture();
    Path opensslTrustStore = f.directory.resolve("truststore-openssl-nokeys.p12");
    f.pki.openssl(
        "pkcs12", "-export", "-nokeys", "-in", f.pki.caCert.toString(),
        "-out", opensslTrustStore.toString(), "-passout", "pass:" + new String(TRUST_PASSWORD));

    IllegalArgumentException e =
        constructionFails(
            RedisCacheConfig.builder().trustStore(opensslTrustStore, TRUST_PASSWORD).build());
    assertTrue(e.getMessage().contains("holds no trusted certificate"), e.getMessage());
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Asserts that the cache goes on without Redis: a {@code set} and a {@code get} throw nothing, the
   * {@code get} is a miss, the failures are counted, and (if {@code cause} is given) one logged
   * failure has that text in its chain of causes: the connection failed for the expected reason.
   */
  private static void assertFailsOpen(DefaultRedisCache cache, @Nullable String cause) {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger("dev.lightcache.redis");
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      cache.set("k", "v", MINUTE);
      assertNull(cache.get("k", STRING));
    } finally {
      logger.removeHandler(handler);
    }
    assertTrue(cache.errorCount() > 0, "errors: " + cache.errorCount());
    if (cause != null) {
      List<String> messages = new ArrayList<>();
      for (LogRecord record : records) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
          messages.add(String.valueOf(t.getMessage()));
        }
      }
      assertTrue(
          messages.stream().anyMatch(m -> m.contains(cause)),
          "expected a failure caused by \"" + cause + "\", logged: " + messages);
    }
  }

  private static IllegalArgumentException constructionFails(RedisCacheConfig config) {
    return assertThrows(
        IllegalArgumentException.class,
        () -> new DefaultRedisCache("rediss://127.0.0.1:6379", config).close());
  }

  /** Closes, on the server, every connection but the one that sends this. */
  @SuppressWarnings("deprecation") // sendCommand: UnifiedJedis has no CLIENT KILL method
  private static void killClientConnections(Fixture f) {
    try (RedisClient admin = chainOnlyClient(f, f.tls.port())) {
      admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal", "SKIPME", "yes");
    }
  }

  private static RedisClient chainOnlyClient(Fixture f, int port) {
    SslOptions chainOnly =
        SslOptions.builder()
            .truststore(f.trustStore.toFile(), TRUST_PASSWORD.clone())
            .trustStoreType("PKCS12")
            .sslVerifyMode(SslVerifyMode.CA)
            .build();
    return RedisClient.builder()
        .hostAndPort("127.0.0.1", port)
        .clientConfig(
            DefaultJedisClientConfig.builder()
                .sslOptions(chainOnly)
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(2000)
                .build())
        .build();
  }

  private static synchronized Fixture fixture() throws IOException, GeneralSecurityException {
    if (fixture == null) {
      fixture = Fixture.create();
    }
    return fixture;
  }

  /** The CA, the certificates, the stores and the three servers. */
  private static final class Fixture implements AutoCloseable {
    final Path directory;
    Pki pki;
    final Path trustStore;
    final Path keyStore;
    final List<TlsRedisServer> servers = new ArrayList<>();
    TlsRedisServer tls;
    TlsRedisServer mutualTls;
    TlsRedisServer otherHost;

    private Fixture(Path directory) {
      this.directory = directory;
      this.trustStore = directory.resolve("truststore.p12");
      this.keyStore = directory.resolve("client.p12");
    }

    static Fixture create() throws IOException, GeneralSecurityException {
      Path redisServer = TlsRedisServer.requireTool("redis-server");
      Path openssl = TlsRedisServer.requireTool("openssl");
      Path directory = Files.createTempDirectory("lightcache-tls-");
      Fixture f = new Fixture(directory);
      try {
        f.pki = new Pki(openssl, directory);
        Pki.Issued server = f.pki.issue("server", "localhost", "serverAuth", "IP:127.0.0.1,DNS:localhost");
        Pki.Issued other = f.pki.issue("other", "elsewhere.example", "serverAuth", "DNS:elsewhere.example");
        Pki.Issued client = f.pki.issue("client", "lightcache-client", "clientAuth", null);
        f.pki.writeTrustStore(f.trustStore, TRUST_PASSWORD);
        f.pki.writeKeyStore(client, f.keyStore, KEY_PASSWORD);

        f.tls = f.start(redisServer, server, false);
        f.mutualTls = f.start(redisServer, server, true);
        f.otherHost = f.start(redisServer, other, false);
        return f;
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        f.close();
        throw e;
      }
    }

    private TlsRedisServer start(Path redisServer, Pki.Issued cert, boolean authClients)
        throws IOException {
      TlsRedisServer started =
          TlsRedisServer.start(redisServer, directory, cert.cert(), cert.key(), pki.caCert, authClients);
      servers.add(started);
      return started;
    }

    /** A context from the same stores, as an application would build it; with the key or not. */
    SSLContext sslContext(boolean withKey) throws IOException, GeneralSecurityException {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(trustStore, TRUST_PASSWORD));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(load(keyStore, KEY_PASSWORD), KEY_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(withKey ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
      return context;
    }

    private static KeyStore load(Path path, char[] password) throws IOException, GeneralSecurityException {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(path)) {
        store.load(in, password);
      }
      return store;
    }

    @Override
    public void close() {
      for (TlsRedisServer server : servers) {
        server.close();
      }
      servers.clear();
      try (var paths = Files.walk(directory)) {
        paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A temporary directory left behind is harmless.
      }
    }
  }

  /**
   * A private CA made with {@code openssl} (EC P-256 keys, valid two days), with an explicit
   * configuration file so that the system's {@code openssl.cnf} plays no part.
   */
  private static final class Pki {
    private final Path openssl;
    private final Path directory;
    private final Path config;
    final Path caCert;
    final Path caKey;
    private int serial = 1;

    record Issued(Path cert, Path key) {}

    Pki(Path openssl, Path directory) throws IOException {
      this.openssl = openssl;
      this.directory = directory;
      this.config = directory.resolve("openssl.cnf");
      this.caCert = directory.resolve("ca.crt");
      this.caKey = directory.resolve("ca.key");
      Files.writeString(
          config,
          String.join(
              "\n",
              "[req]",
              "distinguished_name = dn",
              "prompt = no",
              "[dn]",
              "CN = Lightcache Test CA",
              "[v3_ca]",
              "basicConstraints = critical,CA:TRUE",
              "keyUsage = critical,keyCertSign,cRLSign",
              "subjectKeyIdentifier = hash",
              ""));
      openssl(
          "req", "-x509", "-new", "-nodes", "-config", config.toString(), "-extensions", "v3_ca",
          "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
          "-keyout", caKey.toString(), "-out", caCert.toString(), "-days", "2");
    }

    /** A key and a certificate signed by the CA, with the given subject alternative names. */
    Issued issue(String name, String commonName, String extendedKeyUsage, @Nullable String san)
        throws IOException {
      Path key = directory.resolve(name + ".key");
      Path csr = directory.resolve(name + ".csr");
      Path cert = directory.resolve(name + ".crt");
      Path extensions = directory.resolve(name + ".ext");
      Files.writeString(
          extensions,
          "basicConstraints = CA:FALSE\n"
              + "keyUsage = critical,digitalSignature\n"
              + "extendedKeyUsage = " + extendedKeyUsage + "\n"
              + (san == null ? "" : "subjectAltName = " + san + "\n"));
      openssl(
          "req", "-new", "-nodes", "-config", config.toString(), "-subj", "/CN=" + commonName,
          "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
          "-keyout", key.toString(), "-out", csr.toString());
      openssl(
          "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
          "-set_serial", String.valueOf(++serial), "-days", "2", "-extfile", extensions.toString(),
          "-out", cert.toString());
      return new Issued(cert, key);
    }

    /**
     * The CA as a trusted certificate entry of a PKCS#12 store, written with the JDK: a store from
     * {@code openssl pkcs12 -nokeys} (OpenSSL 3.0) lacks the attribute that marks an entry as trusted
     * for Java, which then reads it as empty.
     */
    void writeTrustStore(Path path, char[] password) throws IOException, GeneralSecurityException {
      X509Certificate ca;
      try (InputStream in = Files.newInputStream(caCert)) {
        ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("lightcache-test-ca", ca);
      try (OutputStream out = Files.newOutputStream(path)) {
        store.store(out, password);
      }
    }

    /** The client's key and certificate chain in a PKCS#12 store, as users make them: with openssl. */
    void writeKeyStore(Issued client, Path path, char[] password) throws IOException {
      openssl(
          "pkcs12", "-export", "-in", client.cert().toString(), "-inkey", client.key().toString(),
          "-certfile", caCert.toString(), "-name", "lightcache-client",
          "-out", path.toString(), "-passout", "pass:" + new String(password));
    }

    void openssl(String... arguments) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(openssl.toString());
      command.addAll(List.of(arguments));
      Path output = directory.resolve("openssl.out");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().put("OPENSSL_CONF", config.toString());
      Process process = builder.start();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IOException("openssl did not finish: " + command);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IOException("interrupted", e);
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "openssl failed (" + process.exitValue() + "): " + command + "\n"
                + Files.readString(output, StandardCharsets.UTF_8));
      }
    }
  }
}
