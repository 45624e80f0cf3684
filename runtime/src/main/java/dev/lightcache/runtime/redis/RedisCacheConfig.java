package dev.lightcache.runtime.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link DefaultRedisCache}: key prefix, default expiration, connection pool and
 * timeouts, circuit breaker, asynchronous executor and invalidation batch size.
 *
 * <p>Every setting has a bounded default, so {@code RedisCacheConfig.defaults()} is a sound production
 * configuration: a 2 s connect timeout, a 1 s read timeout, a pool of 16 connections that waits at most
 * 1 s for a free one, entries that live 5 minutes unless told otherwise, and a circuit breaker that
 * opens after 5 consecutive failures and probes again after 5 s.
 *
 * <p>The pool, timeout and TLS settings apply only to the clients a {@code DefaultRedisCache} builds
 * from a URL; a client passed to {@link DefaultRedisCache#DefaultRedisCache(redis.clients.jedis.UnifiedJedis,
 * CacheCodec, RedisCacheConfig)} keeps its own.
 *
 * <p><b>TLS</b> ({@code rediss://} URLs): by default certificates are checked against the JVM's trust
 * store. {@link Builder#trustStore} trusts a private CA, {@link Builder#keyStore} adds a client
 * certificate (mutual TLS), and {@link Builder#sslContext} takes a context built elsewhere instead of
 * both. Host names are always checked. TLS settings with a {@code redis://} URL, and a store that is
 * missing, unreadable or has a wrong password, make the cache's constructor throw an {@link
 * IllegalArgumentException}: a misconfiguration is reported at once, not served as misses.
 *
 * <p><b>Scale-out</b> switches, both off by default: {@link Builder#nearCache} (an in-process first
 * level in front of Redis) and {@link Builder#loadLease} (one load across processes). See {@code
 * docs/scale-out.md}.
 *
 * <p>Instances are immutable and thread-safe. No getter returns {@code null}: settings that may be
 * absent are {@link Optional}.
 */
public final class RedisCacheConfig {

  /** The prefix of every key a cache writes, unless configured otherwise. */
  public static final String DEFAULT_PREFIX = "lightcache:";

  /** The time to live of an entry stored without an expiration. */
  public static final Duration DEFAULT_EXPIRATION = Duration.ofMinutes(5);

  /** How long opening a TCP connection (and the TLS handshake) may take. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** How long one command may wait for its reply. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(1);

  /** The maximum number of connections in the pool. */
  public static final int DEFAULT_POOL_SIZE = 16;

  /** How long a call waits for a free connection when all of them are busy. */
  public static final Duration DEFAULT_POOL_MAX_WAIT = Duration.ofSeconds(1);

  /** The number of consecutive failures that opens the circuit breaker. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;

  /** How long an open circuit breaker skips Redis before it lets one probe through. */
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(5);

  /** The number of threads that run the {@code *Async} methods. */
  public static final int DEFAULT_ASYNC_THREADS = 4;

  /** The number of asynchronous calls that may wait for a thread before new ones are dropped. */
  public static final int DEFAULT_ASYNC_QUEUE_CAPACITY = 1024;

  /** The {@code COUNT} hint of each {@code SCAN} run by {@code flush} and {@code invalidatePrefix}. */
  public static final int DEFAULT_SCAN_BATCH_SIZE = 1000;

  /** The largest encoded value stored: 1 MiB. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

  /** How long {@code close()} may try to deliver invalidations Redis has not received yet. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);

  /** The store type assumed for trust and key stores: PKCS#12 (the JDK also reads JKS under it). */
  public static final String DEFAULT_STORE_TYPE = "PKCS12";

  private static final RedisCacheConfig DEFAULTS = new Builder().build();

  private final String prefix;
  private final Duration defaultExpiration;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int poolSize;
  private final Duration poolMaxWait;
  private final int failureThreshold;
  private final Duration openDuration;
  private final int asyncThreads;
  private final int asyncQueueCapacity;
  private final int scanBatchSize;
  private final int maxValueBytes;
  private final Duration closeTimeout;
  private final @Nullable Store trustStore;
  private final @Nullable Store keyStore;
  private final @Nullable SSLContext sslContext;
  private final int nearCacheMaxEntries;
  private final Duration nearCacheMaxStaleness;
  private final @Nullable Duration loadLease;

  /** A key or trust store: a file, its password and its type. */
  record Store(Path path, char @Nullable [] password, String type) {
    @Override
    public String toString() {
      return path + " (" + type + ")"; // never the password
    }
  }

  private RedisCacheConfig(Builder builder) {
    this.prefix = builder.prefix;
    this.defaultExpiration = builder.defaultExpiration;
    this.connectTimeout = builder.connectTimeout;
    this.readTimeout = builder.readTimeout;
    this.poolSize = builder.poolSize;
    this.poolMaxWait = builder.poolMaxWait;
    this.failureThreshold = builder.failureThreshold;
    this.openDuration = builder.openDuration;
    this.asyncThreads = builder.asyncThreads;
    this.asyncQueueCapacity = builder.asyncQueueCapacity;
    this.scanBatchSize = builder.scanBatchSize;
    this.maxValueBytes = builder.maxValueBytes;
    this.closeTimeout = builder.closeTimeout;
    this.trustStore = builder.trustStore;
    this.keyStore = builder.keyStore;
    this.sslContext = builder.sslContext;
    this.nearCacheMaxEntries = builder.nearCacheMaxEntries;
    this.nearCacheMaxStaleness = builder.nearCacheMaxStaleness;
    this.loadLease = builder.loadLease;
  }

  /**
   * The default settings.
   *
   * @return the defaults
   */
  public static RedisCacheConfig defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@return the prefix of every key, such as {@code "lightcache:"}; never empty} */
  public String prefix() {
    return prefix;
  }

  /** {@return the time to live of entries stored without an expiration} */
  public Duration defaultExpiration() {
    return defaultExpiration;
  }

  /** {@return the connect timeout of clients built from a URL} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return the read (socket) timeout of clients built from a URL} */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return the maximum number of pooled connections of clients built from a URL} */
  public int poolSize() {
    return poolSize;
  }

  /** {@return how long a call waits for a pooled connection when all are busy (URL clients)} */
  public Duration poolMaxWait() {
    return poolMaxWait;
  }

  /** {@return the number of consecutive failures that opens the circuit breaker} */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** {@return how long the circuit breaker stays open before it lets a probe through} */
  public Duration openDuration() {
    return openDuration;
  }

  /** {@return the number of threads of the asynchronous executor} */
  public int asyncThreads() {
    return asyncThreads;
  }

  /** {@return how many asynchronous calls may queue before new ones are dropped} */
  public int asyncQueueCapacity() {
    return asyncQueueCapacity;
  }

  /** {@return the {@code COUNT} hint of each {@code SCAN} during invalidation and flush} */
  public int scanBatchSize() {
    return scanBatchSize;
  }

  /** {@return the largest encoded value stored, in bytes; larger ones are neither stored nor read} */
  public int maxValueBytes() {
    return maxValueBytes;
  }

  /** {@return how long {@code close()} tries to deliver undelivered invalidations} */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** {@return the trust store that checks the server's certificate, if one was set} */
  public Optional<Path> trustStore() {
    return trustStore == null ? Optional.empty() : Optional.of(trustStore.path());
  }

  /** {@return the key store holding the client's certificate for mutual TLS, if one was set} */
  public Optional<Path> keyStore() {
    return keyStore == null ? Optional.empty() : Optional.of(keyStore.path());
  }

  /** {@return the SSL context TLS connections use, if one was set} */
  public Optional<SSLContext> sslContext() {
    return Optional.ofNullable(sslContext);
  }

  /** {@return whether any TLS setting was made (trust store, key store or SSL context)} */
  public boolean hasTlsSettings() {
    return trustStore != null || keyStore != null || sslContext != null;
  }

  @Nullable Store trustStoreFile() {
    return trustStore;
  }

  @Nullable Store keyStoreFile() {
    return keyStore;
  }

  /** {@return whether the near cache (an in-process first level) is on} */
  public boolean nearCacheEnabled() {
    return nearCacheMaxEntries > 0;
  }

  /** {@return the near cache's maximum number of entries; 0 when it is off} */
  public int nearCacheMaxEntries() {
    return nearCacheMaxEntries;
  }

  /** {@return the longest a near-cache entry lives from the moment it was stored there} */
  public Duration nearCacheMaxStaleness() {
    return nearCacheMaxStaleness;
  }

  /** {@return the load lease's {@code maxLoad}, if the lease is on} */
  public Optional<Duration> loadLease() {
    return Optional.ofNullable(loadLease);
  }

  @Override
  public String toString() {
    return "RedisCacheConfig[prefix=" + prefix
        + ", defaultExpiration=" + defaultExpiration
        + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout
        + ", poolSize=" + poolSize
        + ", poolMaxWait=" + poolMaxWait
        + ", failureThreshold=" + failureThreshold
        + ", openDuration=" + openDuration
        + ", asyncThreads=" + asyncThreads
        + ", asyncQueueCapacity=" + asyncQueueCapacity
        + ", scanBatchSize=" + scanBatchSize
        + ", maxValueBytes=" + maxValueBytes
        + ", closeTimeout=" + closeTimeout
        + (trustStore == null ? "" : ", trustStore=" + trustStore)
        + (keyStore == null ? "" : ", keyStore=" + keyStore)
        + (sslContext == null ? "" : ", sslContext=" + sslContext.getProtocol())
        + (nearCacheMaxEntries == 0
            ? ""
            : ", nearCache=" + nearCacheMaxEntries + "/" + nearCacheMaxStaleness)
        + (loadLease == null ? "" : ", loadLease=" + loadLease)
        + "]";
  }

  /**
   * Builds a {@link RedisCacheConfig}; every setter validates its argument at once.
   *
   * <p>Not thread-safe: build on one thread, then share the immutable result.
   */
  public static final class Builder {
    private String prefix = DEFAULT_PREFIX;
    private Duration defaultExpiration = DEFAULT_EXPIRATION;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration poolMaxWait = DEFAULT_POOL_MAX_WAIT;
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private Duration openDuration = DEFAULT_OPEN_DURATION;
    private int asyncThreads = DEFAULT_ASYNC_THREADS;
    private int asyncQueueCapacity = DEFAULT_ASYNC_QUEUE_CAPACITY;
    private int scanBatchSize = DEFAULT_SCAN_BATCH_SIZE;
    private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private @Nullable Store trustStore;
    private @Nullable Store keyStore;
    private @Nullable SSLContext sslContext;
    private int nearCacheMaxEntries;
    private Duration nearCacheMaxStaleness = Duration.ofMinutes(1);
    private @Nullable Duration loadLease;

    private Builder() {}

    private Builder(RedisCacheConfig config) {
      this.prefix = config.prefix;
      this.defaultExpiration = config.defaultExpiration;
      this.connectTimeout = config.connectTimeout;
      this.readTimeout = config.readTimeout;
      this.poolSize = config.poolSize;
      this.poolMaxWait = config.poolMaxWait;
      this.failureThreshold = config.failureThreshold;
      this.openDuration = config.openDuration;
      this.asyncThreads = config.asyncThreads;
      this.asyncQueueCapacity = config.asyncQueueCapacity;
      this.scanBatchSize = config.scanBatchSize;
      this.maxValueBytes = config.maxValueBytes;
      this.closeTimeout = config.closeTimeout;
      this.trustStore = config.trustStore;
      this.keyStore = config.keyStore;
      this.sslContext = config.sslContext;
      this.nearCacheMaxEntries = config.nearCacheMaxEntries;
      this.nearCacheMaxStaleness = config.nearCacheMaxStaleness;
      this.loadLease = config.loadLease;
    }

    /**
     * The prefix of every key this cache writes, flushes and invalidates. Give each application (or
     * each environment sharing one Redis) its own prefix; {@code flush()} removes exactly the keys
     * under it.
     *
     * @param prefix a non-empty prefix, conventionally ending in {@code ':'}
     * @return this builder
     */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty()) {
        // An empty prefix would make flush() remove every key of the database.
        throw new IllegalArgumentException("prefix must not be empty");
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * The time to live of entries stored with a {@code null} expiration. Entries are never stored
     * without one.
     *
     * @param defaultExpiration a positive duration of at least one millisecond
     * @return this builder
     */
    public Builder defaultExpiration(Duration defaultExpiration) {
      this.defaultExpiration = atLeastOneMilli(defaultExpiration, "defaultExpiration");
      return this;
    }

    /**
     * How long opening a connection may take.
     *
     * @param connectTimeout a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = timeout(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * How long one command may wait for its reply; a command that takes longer fails (and is a miss).
     *
     * @param readTimeout a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
     * @return this builder
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = timeout(readTimeout, "readTimeout");
      return this;
    }

    /**
     * The maximum number of pooled connections.
     *
     * @param poolSize at least 1
     * @return this builder
     */
    public Builder poolSize(int poolSize) {
      this.poolSize = positive(poolSize, "poolSize");
      return this;
    }

    /**
     * How long a call waits for a free connection when the pool is exhausted.
     *
     * @param poolMaxWait a positive duration
     * @return this builder
     */
    public Builder poolMaxWait(Duration poolMaxWait) {
      this.poolMaxWait = atLeastOneMilli(poolMaxWait, "poolMaxWait");
      return this;
    }

    /**
     * The number of consecutive failed commands that opens the circuit breaker.
     *
     * @param failureThreshold at least 1
     * @return this builder
     */
    public Builder failureThreshold(int failureThreshold) {
      this.failureThreshold = positive(failureThreshold, "failureThreshold");
      return this;
    }

    /**
     * How long the open circuit breaker skips Redis before it lets one probe call through.
     *
     * @param openDuration a positive duration
     * @return this builder
     */
    public Builder openDuration(Duration openDuration) {
      this.openDuration = atLeastOneMilli(openDuration, "openDuration");
      return this;
    }

    /**
     * The number of threads that run asynchronous calls.
     *
     * @param asyncThreads at least 1
     * @return this builder
     */
    public Builder asyncThreads(int asyncThreads) {
      this.asyncThreads = positive(asyncThreads, "asyncThreads");
      return this;
    }

    /**
     * How many asynchronous calls may wait for a thread; beyond that, an asynchronous read completes
     * as a miss and an asynchronous write or delete is dropped (and counted).
     *
     * @param asyncQueueCapacity at least 1
     * @return this builder
     */
    public Builder asyncQueueCapacity(int asyncQueueCapacity) {
      this.asyncQueueCapacity = positive(asyncQueueCapacity, "asyncQueueCapacity");
      return this;
    }

    /**
     * The {@code COUNT} hint of each {@code SCAN} issued by {@code flush()} and {@code
     * invalidatePrefix}: larger batches mean fewer round trips and slightly longer single commands.
     *
     * @param scanBatchSize at least 1
     * @return this builder
     */
    public Builder scanBatchSize(int scanBatchSize) {
      this.scanBatchSize = positive(scanBatchSize, "scanBatchSize");
      return this;
    }

    /**
     * The largest encoded value the cache stores. A larger value is not stored (the call goes on
     * without the cache; logged, rate limited, and counted in {@code oversizedValueCount()}); a
     * larger value found in Redis (written by another process or version) is a miss, is not
     * transferred, and is deleted. Large values make every hit slow and fill Redis's memory.
     *
     * @param maxValueBytes at least 1
     * @return this builder
     */
    public Builder maxValueBytes(int maxValueBytes) {
      this.maxValueBytes = positive(maxValueBytes, "maxValueBytes");
      return this;
    }

    /**
     * How long {@code close()} tries to deliver the invalidations Redis has not received yet (it was
     * down or frozen); what is still undelivered then is logged and counted as dropped. {@code
     * close()} returns within about this time.
     *
     * @param closeTimeout a positive duration
     * @return this builder
     */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = atLeastOneMilli(closeTimeout, "closeTimeout");
      return this;
    }

    /**
     * Trusts the certificates in a trust store (PKCS#12, or JKS) instead of the JVM's, for {@code
     * rediss://} URLs: how a private CA is trusted without touching {@code javax.net.ssl.trustStore}.
     * Cannot be combined with {@link #sslContext}.
     *
     * @param path the trust store file, read when the cache builds its client
     * @param password the store's password, or {@code null} for none; copied
     * @return this builder
     */
    public Builder trustStore(Path path, char @Nullable [] password) {
      this.trustStore = store(path, password, "trustStore");
      return this;
    }

    /**
     * Presents the certificate and private key in a key store (PKCS#12, or JKS) to the server: mutual
     * TLS ({@code tls-auth-clients yes}). Cannot be combined with {@link #sslContext}.
     *
     * @param path the key store file, read when the cache builds its client
     * @param password the store's (and its key's) password; copied
     * @return this builder
     */
    public Builder keyStore(Path path, char @Nullable [] password) {
      this.keyStore = store(path, password, "keyStore");
      return this;
    }

    /**
     * The SSL context of TLS connections, built by the application (from a secrets manager, with
     * rotating certificates...): its trust and key managers replace {@link #trustStore} and {@link
     * #keyStore}, which cannot be set with it. Host names are still checked.
     *
     * @param sslContext an initialised context
     * @return this builder
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * Turns on the near cache: an in-process first level of decoded values in front of Redis. Every
     * invalidation is published on a Redis channel under the prefix, and every process drops the
     * matching first-level entries when it hears it; a process that loses its subscription empties
     * its first level and reads through Redis until subscribed again. No first-level entry lives
     * longer than {@code maxStaleness} from the moment it was stored there.
     *
     * @param maxEntries the first level's bound, at least 1
     * @param maxStaleness the longest a first-level entry lives, at least 1 ms
     * @return this builder
     */
    public Builder nearCache(int maxEntries, Duration maxStaleness) {
      this.nearCacheMaxEntries = positive(maxEntries, "maxEntries");
      this.nearCacheMaxStaleness = atLeastOneMilli(maxStaleness, "maxStaleness");
      return this;
    }

    /**
     * Turns on the load lease: processes that miss the same key at the same time call their delegate
     * once between them. The first takes a lease in Redis ({@code SET NX PX}); the others wait, at
     * most {@code maxLoad}, for its value; if the holder dies, its lease expires and a waiter loads.
     * A failing Redis never blocks a call: each process then loads for itself.
     *
     * @param maxLoad the longest a load is expected to take, and the lease's lifetime; at least 1 ms
     * @return this builder
     */
    public Builder loadLease(Duration maxLoad) {
      this.loadLease = atLeastOneMilli(maxLoad, "maxLoad");
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the immutable settings
     * @throws IllegalStateException if an SSL context was set with a trust or key store
     */
    public RedisCacheConfig build() {
      if (sslContext != null && (trustStore != null || keyStore != null)) {
        throw new IllegalStateException(
            "set either sslContext or trustStore/keyStore: the context's own managers would"
                + " silently replace the stores");
      }
      return new RedisCacheConfig(this);
    }

    private static Store store(Path path, char @Nullable [] password, String name) {
      Objects.requireNonNull(path, name);
      return new Store(path, password == null ? null : password.clone(), DEFAULT_STORE_TYPE);
    }

    private static int positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }

    private static Duration atLeastOneMilli(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
      }
      return value;
    }

    private static Duration timeout(Duration value, String name) {
      atLeastOneMilli(value, name);
      if (value.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(name + " is too long: " + value);
      }
      return value;
    }
  }
}
