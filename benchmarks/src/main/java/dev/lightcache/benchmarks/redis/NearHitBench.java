package dev.lightcache.benchmarks.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcache.benchmarks.contenders.Contender;
import dev.lightcache.benchmarks.model.CachedProductEndpoint;
import dev.lightcache.benchmarks.model.KeySpace;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductBackend;
import dev.lightcache.benchmarks.model.ProductEndpoint;
import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.JacksonCodec;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.Jedis;

/**
 * The near hit (issue #10): the generated {@code CachedProductEndpoint} served by the near cache of a
 * {@link DefaultRedisCache} ({@code nearCache(...)}), against the same proxy over {@link
 * InMemoryCache} (the in-memory hit), the same proxy over a {@code DefaultRedisCache} without a near
 * cache (a Redis hit: one round trip and a decode), and the floor (raw Caffeine {@code getIfPresent}
 * on a {@code Long} key, {@link Contender#CAFFEINE_RAW_NO_EXPIRY}, as in {@code HitBench}). The same
 * 1,024 ids, the same delegate and values (about 100 B of JSON each), one thread; each backend in its
 * own fork. DESIGN's goal: a near hit costs at most 3× an in-memory hit.
 *
 * <p>The set-up fails rather than measure something else: every backend must serve a second round
 * of the ids without calling the delegate; {@code REDIS} must send every read to Redis, and {@code
 * NEAR} none (compared with {@code INFO commandstats}: calls of {@code EVALSHA}, {@code EVAL} and
 * {@code GET} before and after a round). The near cache serves only once its invalidation
 * subscription is up (asynchronous, started by the first read), so the set-up reads rounds until one
 * reaches Redis not at all, for up to {@value #NEAR_READY_SECONDS} s. Each measurement iteration is
 * checked the same way (no delegate call; for {@code NEAR}, no read reached Redis). Near entries live
 * {@link #NEAR_STALENESS} (longer than a fork), so none expires while it is measured.
 *
 * <p>Starts its own {@code redis-server} (see {@link RedisServer}) unless {@code
 * LIGHTCACHE_BENCH_REDIS_URL} names one ({@code redis://host:port}); on a server other clients use,
 * the {@code NEAR} checks can fail.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class NearHitBench {

  /** What serves the hit. */
  public enum Backend {
    /** Raw Caffeine {@code getIfPresent} on a {@code Long} key, no expiration: the floor. */
    FLOOR,
    /** {@code CachedProductEndpoint} over {@code InMemoryCache}: the in-memory hit. */
    IN_MEMORY,
    /** {@code CachedProductEndpoint} over {@code DefaultRedisCache} with the near cache: a near hit. */
    NEAR,
    /** {@code CachedProductEndpoint} over {@code DefaultRedisCache} without it: a Redis hit. */
    REDIS
  }

  @Param({"FLOOR", "IN_MEMORY", "NEAR", "REDIS"})
  public Backend backend;

  /** Size of the working set cycled through; all of it stays cached. */
  @Param("1024")
  public int keys;

  /** Approximate size of one encoded value, in bytes. */
  static final int VALUE_BYTES = 100;

  /** Bound of every in-process cache (in-memory, floor, near cache). */
  static final int MAX_ENTRIES = 10_000;

  /** Near entries' lifetime: longer than a fork, so that no near entry expires while measured. */
  static final Duration NEAR_STALENESS = Duration.ofMinutes(30);

  static final int NEAR_READY_SECONDS = 10;

  private static final String PREFIX = "lightcache-bench:near:";

  private RedisServer server;
  private String url;
  private DefaultRedisCache redisCache;
  private Jedis admin;
  private Contender.Instance floor;
  private ProductBackend delegate;
  private ProductEndpoint endpoint;
  private KeySpace keySpace;
  private long callsAtStart;
  private long readsAtStart;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ObjectMapper mapper = JacksonCodec.newDefaultMapper();
    int overhead = mapper.writeValueAsBytes(new Product(0, "product-0", 99, "")).length;
    delegate = new ProductBackend(VALUE_BYTES - overhead); // the same values for every backend
    keySpace = KeySpace.sequential(keys);
    switch (backend) {
      case FLOOR -> {
        floor = Contender.CAFFEINE_RAW_NO_EXPIRY.create(delegate, MAX_ENTRIES);
        endpoint = floor.endpoint();
      }
      case IN_MEMORY -> endpoint = CachedProductEndpoint.wrap(delegate, new InMemoryCache(MAX_ENTRIES));
      case NEAR, REDIS -> {
        String shared = System.getenv("LIGHTCACHE_BENCH_REDIS_URL");
        if (shared == null || shared.isBlank()) {
          server = RedisServer.start();
          url = "redis://127.0.0.1:" + server.port();
        } else {
          url = shared.trim();
        }
        admin = RedisChecks.admin(RedisChecks.address(url));
        RedisCacheConfig.Builder config = RedisCacheConfig.builder().prefix(PREFIX);
        if (backend == Backend.NEAR) {
          config.nearCache(MAX_ENTRIES, NEAR_STALENESS);
        }
        redisCache = new DefaultRedisCache(url, config.build());
        redisCache.flush();
        endpoint = CachedProductEndpoint.wrap(delegate, redisCache);
      }
      default -> throw new IllegalStateException(backend.toString());
    }

    // First round: misses, each stores its entry. Second round: hits only, the delegate's values.
    long misses = round();
    if (misses != keySpace.size()) {
      throw new IllegalStateException(backend + ": the first round called the delegate " + misses
          + " times for " + keySpace.size() + " new ids");
    }
    long reads = reads();
    misses = round();
    if (misses != 0) {
      throw new IllegalStateException(backend + ": a warm cache called its delegate " + misses
          + " times: not a hit path");
    }
    if (backend == Backend.REDIS && reads() - reads < keySpace.size()) {
      throw new IllegalStateException("REDIS: " + (reads() - reads) + " reads reached Redis for "
          + keySpace.size() + " hits: not a Redis hit path");
    }
    if (backend == Backend.NEAR) {
      awaitNearHits();
    }
  }

  /**
   * Reads rounds of every id until one sends no read to Redis: the near cache serves (its
   * subscription is up) and holds every id.
   */
  private void awaitNearHits() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(NEAR_READY_SECONDS);
    long sent;
    do {
      long reads = reads();
      if (round() != 0) {
        throw new IllegalStateException("NEAR: a warm cache called its delegate: not a hit path");
      }
      sent = reads() - reads;
      if (sent == 0) {
        break;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    if (sent != 0) {
      throw new IllegalStateException("NEAR: after " + NEAR_READY_SECONDS + " s, a round of "
          + keySpace.size() + " warm ids still sent " + sent + " reads to Redis: the near cache does"
          + " not serve. Does this runtime have the near cache (before it is merged,"
          + " RedisCacheConfig.nearCache(...) is accepted but does nothing)?");
    }
    // The near hits themselves, besides INFO commandstats.
    long nearHits = redisCache.nearHitCount();
    round();
    if (redisCache.nearHitCount() - nearHits != keySpace.size()) {
      throw new IllegalStateException("NEAR: " + (redisCache.nearHitCount() - nearHits)
          + " near hits in a round of " + keySpace.size() + " warm ids");
    }
  }

  /**
   * Every id once, each result checked against the delegate's value.
   *
   * @return how many times the proxy called its delegate (misses)
   */
  private long round() {
    long before = delegate.calls();
    for (int n = 0; n < keySpace.size(); n++) {
      long id = keySpace.id(keySpace.advance());
      Product cached = endpoint.get(id);
      Product expected = delegate.get(id); // counted: subtracted below
      if (!expected.equals(cached)) {
        throw new IllegalStateException(backend + " returned " + cached + " for " + id + ", not " + expected);
      }
    }
    return delegate.calls() - before - keySpace.size();
  }

  private long reads() {
    return admin == null ? 0 : RedisChecks.reads(admin);
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    callsAtStart = delegate.calls();
    readsAtStart = reads();
  }

  @TearDown(Level.Iteration)
  public void checkIteration() {
    if (delegate.calls() != callsAtStart) {
      throw new IllegalStateException(backend + ": " + (delegate.calls() - callsAtStart)
          + " delegate calls in a measured iteration: not a hit path");
    }
    long sent = reads() - readsAtStart;
    if (backend == Backend.NEAR && sent != 0) {
      throw new IllegalStateException("NEAR: " + sent + " reads reached Redis in a measured iteration:"
          + " not only near hits (did the subscription drop, or an entry expire?)");
    }
    if (backend == Backend.REDIS && sent == 0) {
      throw new IllegalStateException("REDIS: no read reached Redis in a measured iteration");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (floor != null) {
      floor.close();
    }
    if (redisCache != null) {
      redisCache.flush();
      redisCache.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  public Product hit() {
    int i = keySpace.advance();
    return endpoint.get(keySpace.id(i));
  }
}
