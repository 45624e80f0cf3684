package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheOperation;
import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import dev.lightcache.runtime.redis.PendingInvalidations.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * A {@link Cache} in Redis, shared by every process that uses the same Redis and key prefix: the
 * backend for applications that run on more than one machine.
 *
 * <p><b>Deployments.</b> One server, a primary watched by Sentinel, or a Redis Cluster, chosen by the
 * URL (see {@link #DefaultRedisCache(String)}), on Jedis's {@code RedisClient}, {@code
 * RedisSentinelClient} and {@code RedisClusterClient}. Every guarantee below holds in each; see
 * {@code docs/scale-out.md}, which also covers the {@link RedisCacheConfig.Builder#nearCache near
 * cache} and the {@link RedisCacheConfig.Builder#loadLease load lease}.
 *
 * <p><b>Storage.</b> An entry lives under the key {@code prefix + key} (prefix {@code "lightcache:"} by
 * default), holds the bytes of a {@link CacheCodec} ({@link JacksonCodec} JSON by default) and is
 * written with {@code SET key value PX milliseconds}: every entry expires, after the expiration given to
 * {@link #set} or the configured {@link RedisCacheConfig#defaultExpiration() default expiration}. Reads
 * decode to the exact {@link ValueType} the proxy passes.
 *
 * <p><b>Invalidation.</b> {@link #invalidatePrefix} and {@link #flush} walk the keyspace with {@code
 * SCAN MATCH prefix*} on every primary and remove what matches with {@code UNLINK}, in batches (one
 * {@code UNLINK} per hash slot in a Redis Cluster): never {@code KEYS},
 * never {@code FLUSHDB}, never a key outside the prefix asked for, and nothing added to the read path.
 * When they return, every process sharing the Redis misses on the removed entries. See {@code
 * docs/redis.md} for the design and its trade-offs.
 *
 * <p><b>Failures.</b> The cache fails open: no method throws because Redis is slow, down, or holds
 * garbage. A read that fails or times out is a miss; an entry that cannot be decoded is a miss, is
 * deleted and is counted ({@link #corruptEntryCount()}); a failed write or delete is logged (rate
 * limited, logger {@code dev.lightcache.redis}) and counted ({@link #errorCount()}). After {@link
 * RedisCacheConfig#failureThreshold() failureThreshold} consecutive failures a circuit breaker opens:
 * calls then skip Redis entirely, at the cost of a volatile read, until the cache's own timer, after
 * {@link RedisCacheConfig#openDuration() openDuration}, finds Redis answering {@code PING} again and
 * closes it. Deletes and invalidations that could not reach Redis are remembered and delivered by that
 * timer as soon as Redis answers, whether or not more calls arrive; until then, reads of the keys they
 * cover are misses and fills of those keys are skipped. So an outage does not leave stale entries
 * behind.
 *
 * <p><b>Concurrent loads.</b> A fill that follows a miss is stored only if no invalidation covering
 * its key happened, in any process, since that miss read Redis (see {@code docs/redis.md},
 * "Guarantees"). Values larger than {@link RedisCacheConfig#maxValueBytes()} are neither stored nor
 * read.
 *
 * <p><b>Near cache.</b> With {@link RedisCacheConfig.Builder#nearCache}, a read first looks in an
 * in-process first level of values decoded from earlier Redis hits: a near hit asks Redis nothing and
 * is counted in {@link #nearHitCount()} (and {@link #hitCount()}). Every invalidation is also
 * published on a Redis channel under the prefix, and every cache with a near cache drops the matching
 * entries when it hears it; a cache that loses its subscription empties its near cache and reads
 * Redis until subscribed again. A read that starts after an invalidation has reached this process
 * never returns an older value from the near cache. See {@code docs/scale-out.md}.
 *
 * <p><b>Asynchronous calls</b> run on a small executor owned by the cache (daemon threads, bounded
 * queue). They never block the caller: when the queue is full, {@link #getAsync} completes as a miss
 * and {@link #setAsync} / {@link #deleteAsync} are dropped, and {@link #droppedAsyncCount()} counts
 * them.
 *
 * <p><b>Extension.</b> This class is meant to be extended. Override {@link #get(String, ValueType)}
 * (the read every proxy makes), call {@code super.get(key, type)} and post-process the value; or
 * override the protected hooks: {@link #encode}, {@link #decode}, {@link #expirationFor}, {@link
 * #onFailure}, {@link #onCorruptEntry}; run your own commands with the same failure handling through
 * {@link #execute}. The untyped {@link #get(String)} reads through {@code get(key, ValueType<Object>)},
 * so one override covers both.
 *
 * <p><b>Thread safety.</b> Thread-safe; one instance serves every proxy of an application. Close it
 * ({@link #close()}) on shutdown to release its connections and threads.
 *
 * <p><b>Nulls.</b> Keys and values are never {@code null}; a cached null is {@link NullValue#INSTANCE}.
 * Reads return {@code null} for a miss.
 */
public class DefaultRedisCache implements Cache, Closeable {

  /** The environment variable the no-argument constructor reads the Redis URL from. */
  public static final String URL_ENVIRONMENT_VARIABLE = "LIGHTCACHE_REDIS_URL";

  /** The system property read when {@value #URL_ENVIRONMENT_VARIABLE} is not set. */
  public static final String URL_SYSTEM_PROPERTY = "lightcache.redis.url";

  /** The URL used when neither the environment variable nor the system property is set. */
  public static final String DEFAULT_URL = "redis://localhost:6379";

  /** The state of the circuit breaker that protects callers from a failing Redis. */
  public enum CircuitState {
    /** Redis answers: every call goes to it. */
    CLOSED,
    /** Redis failed repeatedly: calls skip it until a probe finds it answering again. */
    OPEN,
    /**
     * The cache's timer is probing Redis with {@code PING} and delivering undelivered invalidations;
     * calls still skip it.
     */
    HALF_OPEN
  }

  private static final ValueType<Object> ANY = ValueType.of(Object.class);

  static {
    ProxyAccess.register(); // what generated proxies reach past the Cache SPI, for this class only
  }

  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final System.Logger LOGGER = System.getLogger("dev.lightcache.redis");

  private final RedisConnection connection;
  private final CacheCodec codec;
  private final RedisCacheConfig config;
  private final String prefix;
  private final String target;
  private final RedisGuard guard;
  private final AsyncRunner async;
  private final RedisEntries entries;
  private final @Nullable LoadLease lease;
  private final Invalidator invalidator;
  private final FailureLog log = new FailureLog(LOG_INTERVAL_NANOS);
  private final RedisCounters counters = new RedisCounters();
  private final @Nullable NearLevel near; // only if the config turns it on
  private boolean closing; // guarded by this

  /**
   * A cache at the URL of {@link #defaultUrl()}: the environment variable {@value
   * #URL_ENVIRONMENT_VARIABLE}, else the system property {@value #URL_SYSTEM_PROPERTY}, else {@value
   * #DEFAULT_URL}; with the default settings. This is the constructor {@code @Cached(cache =
   * DefaultRedisCache.class)} uses. No connection is opened until the first call: a cache built
   * while Redis is unreachable misses until it answers.
   */
  public DefaultRedisCache() {
    this(defaultUrl());
  }

  /**
   * A cache at {@code url} with the default settings.
   *
   * @param url one server: {@code redis://[[user]:password@]host[:port][/database]}; Sentinel: {@code
   *     redis-sentinel://[[user]:password@]host:port[,host:port...][/database]#masterName} (the
   *     sentinels' addresses; failovers are followed); Cluster: {@code
   *     redis-cluster://[[user]:password@]host:port[,host:port...]} (seeds; slot moves and failovers
   *     are followed). {@code rediss}, {@code rediss-sentinel} and {@code rediss-cluster} use TLS
   *     (certificates checked against the JVM's trust store, or the {@link RedisCacheConfig} TLS
   *     settings). User and password percent-encoded. No connection is opened until the first call
   * @throws IllegalArgumentException if the URL is malformed
   */
  public DefaultRedisCache(String url) {
    this(url, RedisCacheConfig.defaults());
  }

  /**
   * A cache at {@code url} with the given settings and the JSON codec.
   *
   * @param url the Redis URL, as for {@link #DefaultRedisCache(String)}
   * @param config the settings
   * @throws IllegalArgumentException if the URL is malformed
   */
  public DefaultRedisCache(String url, RedisCacheConfig config) {
    this(url, new JacksonCodec(), config);
  }

  /**
   * A cache at {@code url} with the given codec and settings.
   *
   * @param url the Redis URL, as for {@link #DefaultRedisCache(String)}
   * @param codec encodes and decodes values
   * @param config the settings
   * @throws IllegalArgumentException if the URL is malformed
   */
  public DefaultRedisCache(String url, CacheCodec codec, RedisCacheConfig config) {
    this(RedisUrl.parse(Objects.requireNonNull(url, "url")), codec, config);
  }

  /**
   * A cache over a client the caller built and manages (its pool, timeouts, TLS, credentials), with
   * the default settings. {@link #close()} does not close the client.
   *
   * @param client a thread-safe pooled client, such as a {@link RedisClient}
   * @param codec encodes and decodes values, such as {@code new JacksonCodec()}
   */
  public DefaultRedisCache(UnifiedJedis client, CacheCodec codec) {
    this(client, codec, RedisCacheConfig.defaults());
  }

  /**
   * A cache over a client the caller built and manages, with the given settings (of which the pool
   * and timeout settings do not apply: the client has its own). {@link #close()} does not close the
   * client.
   *
   * @param client a thread-safe pooled client, such as a {@link RedisClient}
   * @param codec encodes and decodes values
   * @param config the settings
   */
  public DefaultRedisCache(UnifiedJedis client, CacheCodec codec, RedisCacheConfig config) {
    this(
        RedisConnection.of(Objects.requireNonNull(client, "client"), "a caller's client"),
        client instanceof RedisClusterClient,
        codec,
        config,
        "a caller's client");
  }

  private DefaultRedisCache(RedisUrl url, CacheCodec codec, RedisCacheConfig config) {
    this(
        connect(url, Objects.requireNonNull(config, "config")),
        url.deployment() == RedisUrl.Deployment.CLUSTER,
        codec,
        config,
        url.toString());
  }

  private DefaultRedisCache(
      RedisConnection connection,
      boolean clustered,
      CacheCodec codec,
      RedisCacheConfig config,
      String target) {
    this.connection = connection;
    this.codec = Objects.requireNonNull(codec, "codec");
    this.config = Objects.requireNonNull(config, "config");
    this.prefix = config.prefix();
    this.target = target;
    RedisDeployment deployment = new RedisDeployment(connection, clustered);
    FillFence fence = new FillFence(prefix, deployment);
    this.guard = new RedisGuard(connection, config, target);
    guard.onConnectionFailure(deployment::refreshTopologySoon);
    this.async = new AsyncRunner(config.asyncThreads(), config.asyncQueueCapacity());
    Problems problems = new Problems();
    this.entries =
        new RedisEntries(prefix, config.maxValueBytes(), guard, fence, counters, problems);
    this.lease =
        config.loadLease().isEmpty()
            ? null
            : new LoadLease(
                prefix,
                config.loadLease().get(),
                config.maxValueBytes(),
                deployment,
                guard,
                counters,
                problems);
    this.invalidator =
        new Invalidator(
            prefix,
            fence,
            new PrefixUnlinker(deployment, config.scanBatchSize(), prefix + FillFence.RESERVED),
            guard,
            this::failed);
    guard.deliverWith(new Delivery());
    this.near = NearLevel.of(config, connection, invalidator, guard, target);
  }

  /**
   * The client of a URL, built on first use: settings are checked now (a malformed URL or TLS store is
   * an {@link IllegalArgumentException} here), Redis is reached later.
   */
  private static RedisConnection connect(RedisUrl url, RedisCacheConfig config) {
    RedisClients.check(url, config);
    return RedisConnection.lazily(
        () -> RedisClients.fromUrl(url, config), url.toString(), config.connectTimeout().toNanos());
  }

  /**
   * The URL the no-argument constructor connects to: the environment variable {@value
   * #URL_ENVIRONMENT_VARIABLE} if set and not blank, else the system property {@value
   * #URL_SYSTEM_PROPERTY} if set and not blank, else {@value #DEFAULT_URL}.
   *
   * @return the URL
   */
  public static String defaultUrl() {
    String url = System.getenv(URL_ENVIRONMENT_VARIABLE);
    if (url == null || url.isBlank()) {
      url = System.getProperty(URL_SYSTEM_PROPERTY);
    }
    return url == null || url.isBlank() ? DEFAULT_URL : url.trim();
  }

  // ---------------------------------------------------------------- Cache

  /**
   * Returns the entry decoded without a target type: JSON objects as maps, arrays as lists. Reads
   * through {@link #get(String, ValueType)}, so overriding that one also changes this.
   *
   * @param key the key, without the prefix
   * @return the value, {@link NullValue#INSTANCE} for a cached null, or {@code null} on a miss
   */
  @Override
  public @Nullable Object get(String key) {
    return get(key, ANY);
  }

  /**
   * Returns the entry decoded as {@code type}, or {@code null} on a miss. A failed or timed-out read,
   * an open circuit breaker and a closed cache are misses; an entry that does not decode to {@code
   * type} is a miss too, and is deleted and counted in {@link #corruptEntryCount()}.
   *
   * <p>Every proxy reads through this method: override it to post-process values, calling {@code
   * super.get(key, type)} first.
   *
   * @param key the key, without the prefix
   * @param type the type the caller expects
   * @param <T> the expected type
   * @return the value, {@link NullValue#INSTANCE} (typed as {@code T}) for a cached null, or {@code
   *     null} on a miss
   */
  @Override
  public <T> @Nullable T get(String key, ValueType<T> type) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    NearCache.Stamp nearStamp = null;
    if (near != null) {
      T nearHit = near.hit(key, type);
      if (nearHit != null) {
        return nearHit;
      }
      nearStamp = near.stamp(key); // before the Redis read: the local fence of the near fill
    }
    FillFence.Read read = entries.read(key);
    byte[] bytes = read == null ? null : read.value();
    boolean waited = false;
    if (bytes == null && read != null && lease != null
        && lease.acquireOrWait(key) instanceof LoadLease.Found found) {
      bytes = found.value(); // another process loaded it while this one waited
      waited = true;
    }
    if (bytes == null) {
      counters.misses.increment();
      return null;
    }
    Object value;
    try {
      value = decode(key, bytes, type);
    } catch (Exception e) {
      entries.undecodable(key, read, e);
      counters.misses.increment();
      return null;
    }
    if (value == null || (value != NullValue.INSTANCE && !type.isInstance(value))) {
      entries.undecodable(
          key, read, new IOException("the entry decoded to " + describe(value) + ", not a " + type));
      counters.misses.increment();
      return null;
    }
    if (waited) {
      entries.forget(key); // a hit after all: no fill follows the miss the read remembered
    }
    counters.hits.increment();
    @SuppressWarnings("unchecked") // checked against the raw type above; type arguments are erased
    T typed = (T) value;
    if (nearStamp != null) {
      near.offer(key, type, typed, nearStamp);
    }
    return typed;
  }

  /**
   * Stores {@code value} with {@code SET prefix+key bytes PX milliseconds}. A failure is logged and
   * counted, never thrown.
   *
   * <p>When this cache missed the key earlier (a fill after a load), the {@code SET} is conditional:
   * it is refused, and counted in {@link #refusedFillCount()}, if an invalidation covering the key
   * happened in any process since that miss. Skipped while an undelivered invalidation of this cache
   * covers the key; not stored if the encoded value is larger than {@link
   * RedisCacheConfig#maxValueBytes()}. With a near cache, drops this process's near entry of the key
   * (the value is not stored there: the next read takes it from Redis); a {@code set} is not an
   * invalidation, so other processes' near entries keep the value they hold for at most {@code
   * maxStaleness}.
   *
   * @param key the key, without the prefix
   * @param value the value; {@link NullValue#INSTANCE} for a cached null
   * @param expiration the time to live, or {@code null} for the configured default; at least 1 ms
   * @throws IllegalArgumentException if {@code expiration} is zero or negative
   */
  @Override
  public void set(String key, Object value, @Nullable Duration expiration) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long ttlMillis = toMillis(expirationFor(key, value, expiration));
    entries.store(
        key,
        ttlMillis,
        new RedisEntries.Encoder() {
          @Override
          public byte @Nullable [] encode() {
            try {
              return DefaultRedisCache.this.encode(key, value);
            } catch (Exception e) {
              counters.errors.increment();
              log.log(
                  FailureLog.Kind.ENCODE,
                  "Cannot encode the value for " + redisKey(key) + " ("
                      + value.getClass().getName() + "); it was not cached",
                  e);
              return null;
            }
          }

          @Override
          public String describe() {
            return value.getClass().getName();
          }
        });
    if (near != null) {
      near.dropKey(key); // after the SET: no older value of this process's near cache survives it
    }
    if (lease != null) {
      lease.release(key); // after the store: a waiter polling now finds the value
    }
  }

  /**
   * Deletes the entry, for every process: appends the deletion to the invalidation log (which stops
   * fills of loads that started before it) and deletes the entry, in one script. A delete that cannot
   * reach Redis is logged, counted and remembered; the cache's timer delivers it once Redis answers,
   * and until then reads of the key are counters.misses.
   *
   * @param key the key, without the prefix
   */
  @Override
  public void delete(String key) {
    invalidate(new Item(Kind.KEY, Objects.requireNonNull(key, "key")));
  }

  /**
   * Removes every entry under this cache's prefix, and nothing else: {@code SCAN MATCH prefix*} and
   * {@code UNLINK} in batches, after appending the flush to the invalidation log. Never {@code
   * FLUSHDB}, never {@code KEYS}. Undelivered, it is remembered like a delete, and every read is a
   * miss until it is delivered.
   */
  @Override
  public void flush() {
    invalidate(Item.FLUSH);
  }

  /**
   * Removes every entry whose key starts with {@code prefix}, such as one endpoint's ({@code
   * com.acme.ProductEndpoint:v1:}) or one method's ({@code com.acme.ProductEndpoint:v1:get(long)}),
   * for every process sharing the Redis, and no other entry. Glob characters in the prefix are
   * escaped. Costs one {@code SCAN} per {@link RedisCacheConfig#scanBatchSize() batch} of the
   * database's keys; adds nothing to reads. Undelivered, it is remembered like a delete.
   *
   * @param prefix the key prefix, without this cache's own prefix
   */
  @Override
  public void invalidatePrefix(String prefix) {
    invalidate(new Item(Kind.PREFIX, Objects.requireNonNull(prefix, "prefix")));
  }

  private void invalidate(Item item) {
    invalidator.invalidate(item);
    if (near != null) {
      near.invalidate(item); // after Redis: a near fill that read Redis before it is refused
    }
  }

  private void failed(Item item, RuntimeException error) {
    failed(item.kind() == Kind.KEY ? CacheOperation.DELETE : CacheOperation.INVALIDATE, item.text(), error);
  }

  /**
   * Runs {@link #get(String, ValueType)} on the cache's executor. Completes with {@code null} (a miss)
   * at once, without queueing, when the circuit breaker is open, the cache is closed or the queue is
   * full. Never completes exceptionally because of Redis.
   */
  @Override
  public <T> CompletionStage<@Nullable T> getAsync(String key, ValueType<T> type) {
    if (!guard.allows()) {
      return CompletableFuture.completedFuture(get(key, type)); // skips Redis at no cost
    }
    return async.submit(() -> get(key, type), () -> {
      counters.misses.increment();
      return null;
    });
  }

  /**
   * Runs {@link #set} on the cache's executor; dropped (and counted) when the queue is full.
   */
  @Override
  public CompletionStage<@Nullable Void> setAsync(
      String key, Object value, @Nullable Duration expiration) {
    if (!guard.allows()) {
      set(key, value, expiration);
      return CompletableFuture.completedFuture(null);
    }
    return async.submit(
        () -> {
          set(key, value, expiration);
          return null;
        },
        () -> null);
  }

  /**
   * Runs {@link #delete} on the cache's executor. When the queue is full, the delete is remembered and
   * delivered by the cache's timer, like a delete that failed.
   */
  @Override
  public CompletionStage<@Nullable Void> deleteAsync(String key) {
    if (!guard.allows()) {
      delete(key);
      return CompletableFuture.completedFuture(null);
    }
    return async.submit(
        () -> {
          delete(key);
          return null;
        },
        () -> {
          guard.undelivered(new Item(Kind.KEY, key));
          if (near != null) {
            near.dropKey(key);
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- protected hooks

  /**
   * Encodes a value for storage; the default asks the {@link CacheCodec}. Override to compress,
   * encrypt or sign values (and {@link #decode} to undo it).
   *
   * @param key the key, without the prefix
   * @param value the value, possibly {@link NullValue#INSTANCE}
   * @return the bytes to store
   * @throws IOException if the value cannot be encoded: it is then not stored, and the failure is
   *     logged and counted
   */
  protected byte[] encode(String key, Object value) throws IOException {
    return codec.encode(value);
  }

  /**
   * Decodes stored bytes; the default asks the {@link CacheCodec}. Whatever this throws, or a result
   * that is not of {@code type} (nor {@link NullValue#INSTANCE}), makes the entry corrupt: a miss that
   * is deleted and counted.
   *
   * @param key the key, without the prefix
   * @param bytes the stored bytes
   * @param type the type the caller expects
   * @return the value, or {@link NullValue#INSTANCE} for a cached null
   * @throws IOException if the bytes cannot be decoded
   */
  protected @Nullable Object decode(String key, byte[] bytes, ValueType<?> type) throws IOException {
    return codec.decode(bytes, type);
  }

  /**
   * The time to live of an entry being stored. The default is {@code requested}, or the configured
   * default expiration when that is {@code null}. Override to add jitter (so that entries written
   * together do not all expire together) or to cap lifetimes; never return {@code null} or a
   * non-positive duration: every entry expires.
   *
   * @param key the key, without the prefix
   * @param value the value being stored
   * @param requested the expiration passed to {@link #set}, or {@code null}
   * @return a positive duration, rounded up to whole milliseconds when stored
   */
  protected Duration expirationFor(String key, Object value, @Nullable Duration requested) {
    return requested != null ? requested : config.defaultExpiration();
  }

  /**
   * Called after a Redis command failed (never for calls skipped by the open circuit breaker). The
   * default logs at WARNING through {@link System.Logger} {@code dev.lightcache.redis}, at most once
   * per operation every 10 seconds. The failure is already counted in {@link #errorCount()}.
   *
   * <p>An exception thrown here reaches the caller: only throw to fail fast on purpose (in tests).
   *
   * @param operation what was attempted ({@link CacheOperation#INVALIDATE} for flushes and prefixes)
   * @param key the key or prefix, without this cache's prefix
   * @param error what the client threw
   */
  protected void onFailure(CacheOperation operation, String key, RuntimeException error) {
    log.log(
        kindOf(operation),
        "Redis " + operation + " failed for " + redisKey(key)
            + (operation == CacheOperation.INVALIDATE ? "*" : "") + " on " + target
            + "; the call went on without the cache",
        error);
  }

  /**
   * Called when an entry could not be decoded, before it is deleted. The default logs at WARNING, rate
   * limited. The entry is already counted in {@link #corruptEntryCount()}.
   *
   * @param key the key, without the prefix
   * @param error why it could not be decoded
   */
  protected void onCorruptEntry(String key, Exception error) {
    log.log(
        FailureLog.Kind.CORRUPT,
        "Corrupt cache entry " + redisKey(key) + " on " + target + ": read as a miss and deleted",
        error);
  }

  /**
   * The Redis key of a cache key: this cache's prefix followed by {@code key}.
   *
   * @param key the key, without the prefix
   * @return the key in Redis
   */
  protected final String redisKey(String key) {
    return prefix + key;
  }

  /**
   * Runs a Redis command of a subclass's own with the cache's failure handling: skipped (returning
   * {@code null}) while the circuit breaker is open or the cache is closed; a failure is counted,
   * passed to {@link #onFailure} and returns {@code null}; the outcome feeds the circuit breaker.
   * Use {@link #redisKey} to name keys.
   *
   * @param operation the kind of operation, for counting and logging
   * @param key the cache key concerned (without the prefix), for logging
   * @param command the command; it gets the cache's client and must not keep it
   * @param <R> the command's result
   * @return the command's result, or {@code null} if it was skipped or failed
   */
  protected final <R> @Nullable R execute(
      CacheOperation operation, String key, Function<UnifiedJedis, R> command) {
    Objects.requireNonNull(command, "command");
    if (!guard.acquire()) {
      return null;
    }
    try {
      return guard.call(command);
    } catch (RuntimeException e) {
      failed(operation, key, e);
      return null;
    }
  }

  /**
   * The codec this cache encodes and decodes values with.
   *
   * @return the codec
   */
  protected final CacheCodec codec() {
    return codec;
  }

  // ---------------------------------------------------------------- state and counters

  /**
   * The prefix of every key this cache writes.
   *
   * @return the prefix, such as {@code "lightcache:"}
   */
  public String prefix() {
    return prefix;
  }

  /**
   * The settings this cache was built with.
   *
   * @return the settings
   */
  public RedisCacheConfig config() {
    return config;
  }

  /**
   * The state of the circuit breaker.
   *
   * @return the current state
   */
  public CircuitState circuitState() {
    return guard.state();
  }

  /**
   * Reads that returned a value (cached nulls included).
   *
   * @return the number of hits since the cache was built
   */
  public long hitCount() {
    return counters.hits.sum() + nearHitCount();
  }

  /**
   * Reads answered by the near cache ({@link RedisCacheConfig.Builder#nearCache}) without asking
   * Redis; included in {@link #hitCount()}.
   *
   * @return the number of near hits since the cache was built; 0 without a near cache
   */
  public long nearHitCount() {
    return near == null ? 0 : near.hitCount();
  }

  /**
   * Reads that returned {@code null}: absent, expired, failed, skipped or corrupt entries.
   *
   * @return the number of misses since the cache was built
   */
  public long missCount() {
    return counters.misses.sum();
  }

  /**
   * Redis commands that failed (connection refused, timeout, error reply) and values that could not be
   * encoded. Calls skipped by the open circuit breaker are not errors; see {@link #skippedCount()}.
   *
   * @return the number of failures since the cache was built
   */
  public long errorCount() {
    return counters.errors.sum();
  }

  /**
   * Entries that could not be decoded to the expected type, read as misses and deleted.
   *
   * @return the number of corrupt entries found since the cache was built
   */
  public long corruptEntryCount() {
    return counters.corruptEntries.sum();
  }

  /**
   * Calls that did not go to Redis because the circuit breaker was open, or (reads and fills) because
   * an undelivered invalidation covers their key, or (fills) because the read before them failed, so
   * that one call never waits for two timeouts.
   *
   * @return the number of skipped calls since the cache was built
   */
  public long skippedCount() {
    return guard.skippedCount() + counters.skippedFills.sum();
  }

  /**
   * Asynchronous calls refused because the executor's queue was full: reads completed as misses,
   * writes dropped, deletes deferred.
   *
   * @return the number of dropped asynchronous calls since the cache was built
   */
  public long droppedAsyncCount() {
    return async.droppedCount();
  }

  /**
   * Values not stored or not read because they were larger than {@link
   * RedisCacheConfig#maxValueBytes()}: values being stored, and values found in Redis (deleted).
   *
   * @return the number of oversized values since the cache was built
   */
  public long oversizedValueCount() {
    return counters.oversizedValues.sum();
  }

  /**
   * Fills refused because an invalidation covering their key (from any process) happened after the
   * read that missed: the value was loaded before that invalidation, so it is not stored.
   *
   * @return the number of refused fills since the cache was built
   */
  public long refusedFillCount() {
    return counters.refusedFills.sum();
  }

  /**
   * Misses that found another process loading the key under a {@link RedisCacheConfig#loadLease()
   * load lease} and waited for its value (whether or not it came).
   *
   * @return the number of waits since the cache was built; 0 without a load lease
   */
  public long leaseWaitCount() {
    return counters.leaseWaits.sum();
  }

  /**
   * Invalidations that {@link #close()} could not deliver before its {@link
   * RedisCacheConfig#closeTimeout() timeout} (Redis was down or frozen), and gave up on. Each is
   * logged at WARNING.
   *
   * @return the number of dropped invalidations
   */
  public long droppedInvalidationCount() {
    return counters.droppedInvalidations.sum();
  }

  /**
   * Closes the cache, within about {@link RedisCacheConfig#closeTimeout() closeTimeout}: lets queued
   * asynchronous calls finish (for up to half of it), stops the cache's timer, tries to deliver the
   * invalidations Redis has not received yet until the timeout, and logs (WARNING) and counts ({@link
   * #droppedInvalidationCount()}) the ones it then gives up on. If this cache built its client from a
   * URL, closes the client and its connections; a caller's client stays open. Calls made after closing
   * are misses and no-ops. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    long start = System.nanoTime();
    long timeout = config.closeTimeout().toNanos();
    if (near != null) {
      near.close(start, timeout);
    }
    async.shutdown(timeout / 2); // queued deletes still go to Redis, or are remembered
    List<Item> dropped = guard.close(start + timeout);
    connection.close();
    if (!dropped.isEmpty()) {
      counters.droppedInvalidations.add(dropped.size());
      LOGGER.log(
          System.Logger.Level.WARNING,
          "Closing the cache on " + target + " dropped " + dropped.size() + " invalidation(s) that"
              + " Redis did not receive within " + config.closeTimeout() + "; other processes may"
              + " serve these entries until they expire: "
              + PendingInvalidations.describe(dropped, prefix));
    }
  }

  /** A load of {@code key} after a miss ends without a fill: its lease (if any) is released. */
  void abandoned(String key) {
    entries.forget(key);
    if (lease != null) {
      lease.release(key);
    }
  }

  /**
   * A call that missed {@code key} joined a load of it in this process: its miss is forgotten, so that
   * the fill fence judges the next fills of the key by the misses that precede them, not by this one.
   * The lease, if any, is the joined load's: it stays.
   */
  void joined(String key) {
    entries.forget(key);
  }

  /** The near cache's face, or {@code null} without one. */
  @Nullable NearLevel nearLevel() {
    return near;
  }

  /** The near cache, or {@code null} without one: for tests. */
  @Nullable NearCache near() {
    return near == null ? null : near.cache();
  }

  /** What keeps the near cache subscribed, or {@code null} without one: for tests. */
  @Nullable NearSubscriber nearSubscriber() {
    return near == null ? null : near.subscriber();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + target + ", prefix=" + prefix + "]";
  }

  // ---------------------------------------------------------------- internals

  private void failed(CacheOperation operation, String key, RuntimeException error) {
    counters.errors.increment();
    onFailure(operation, key, error);
  }

  /** What a failure, a corrupt entry or an oversized value means: counted, told to the hooks. */
  private final class Problems implements RedisEntries.Problems {
    @Override
    public void failed(CacheOperation operation, String key, RuntimeException error) {
      DefaultRedisCache.this.failed(operation, key, error);
    }

    @Override
    public void corrupt(String key, Exception error) {
      counters.corruptEntries.increment();
      onCorruptEntry(key, error);
      entries.remove(key);
    }

    @Override
    public void oversized(String key, String what) {
      counters.oversizedValues.increment();
      log.log(
          FailureLog.Kind.OVERSIZE,
          what + " for " + redisKey(key) + " is over maxValueBytes (" + config.maxValueBytes()
              + "): not cached",
          null);
    }
  }

  /** What the guard's timer and {@link #close()} deliver undelivered invalidations with. */
  private final class Delivery implements RedisGuard.Delivery {
    @Override
    public void deliver(UnifiedJedis client, Item item) {
      invalidator.deliver(client, item);
    }

    @Override
    public void failed(Item item, RuntimeException error) {
      DefaultRedisCache.this.failed(item, error);
    }
  }

  private static long toMillis(Duration ttl) {
    Objects.requireNonNull(ttl, "expirationFor returned null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("expiration must be positive, was " + ttl);
    }
    long millis = ttl.toMillis();
    return ttl.equals(Duration.ofMillis(millis)) ? millis : millis + 1; // round sub-ms parts up
  }

  private static String describe(@Nullable Object value) {
    return value == null ? "null" : "a " + value.getClass().getName();
  }

  private static FailureLog.Kind kindOf(CacheOperation operation) {
    switch (operation) {
      case GET:
        return FailureLog.Kind.GET;
      case SET:
        return FailureLog.Kind.SET;
      case DELETE:
        return FailureLog.Kind.DELETE;
      default:
        return FailureLog.Kind.INVALIDATE;
    }
  }
}
