package dev.lightcache.benchmarks.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcache.benchmarks.contenders.Settings;
import dev.lightcache.benchmarks.model.CachedProductEndpoint;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductBackend;
import dev.lightcache.benchmarks.model.ProductEndpoint;
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
 * What the load lease costs on a miss (issue #10): each operation is a miss of a key never used
 * before (an id from a counter) followed by its fill, through the generated {@code
 * CachedProductEndpoint} over a {@link DefaultRedisCache}, with {@code loadLease(5 s)} and without
 * it. The delegate answers at once from a table (values of about 100 B of JSON), one thread, Redis on
 * loopback: what is measured is the cache's round trips. Without the lease a miss and its fill are
 * the read script and the conditional fill; the lease adds its script on the miss ({@code SET NX PX}
 * of the lease key) and its release after the fill.
 *
 * <p>Checked: in set-up, that the lease key exists while the delegate loads with {@code LEASE} and
 * not without it, that the fill stored the entry (the next read is a hit), and (printed) the script
 * round trips per operation ({@code INFO commandstats}); after each iteration, that every operation called the delegate once, that no
 * fill was refused and no call waited for a lease. Each iteration ends with a {@code flush()}
 * (outside the measured time), so the keyspace does not grow over a fork.
 *
 * <p>Starts its own {@code redis-server} (see {@link RedisServer}) unless {@code
 * LIGHTCACHE_BENCH_REDIS_URL} names one ({@code redis://host:port}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class LeaseMissBench {

  /** Whether the cache takes a load lease on a miss. */
  public enum Lease {
    /** {@code RedisCacheConfig} without {@code loadLease}. */
    NO_LEASE,
    /** {@code loadLease(Duration.ofSeconds(5))}. */
    LEASE
  }

  @Param({"NO_LEASE", "LEASE"})
  public Lease lease;

  /** The lease's {@code maxLoad}. */
  static final Duration MAX_LOAD = Duration.ofSeconds(5);

  private static final String PREFIX = "lightcache-bench:lease:";

  /** Ids of the checks in set-up; the measured ones start above. */
  private static final long FIRST_ID = 10_000_000_000L;

  private RedisServer server;
  private DefaultRedisCache cache;
  private Jedis admin;
  private ProductBackend delegate;
  private ProductEndpoint proxy;
  private long nextId = FIRST_ID + 1_000_000;
  private long idAtStart;
  private long callsAtStart;
  private long refusedAtStart;
  private long waitsAtStart;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String url = System.getenv("LIGHTCACHE_BENCH_REDIS_URL");
    if (url == null || url.isBlank()) {
      server = RedisServer.start();
      url = "redis://127.0.0.1:" + server.port();
    }
    admin = RedisChecks.admin(RedisChecks.address(url));
    ObjectMapper mapper = JacksonCodec.newDefaultMapper();
    int overhead = mapper.writeValueAsBytes(new Product(0, "product-0", 99, "")).length;
    delegate = new ProductBackend(NearHitBench.VALUE_BYTES - overhead);
    RedisCacheConfig.Builder config = RedisCacheConfig.builder().prefix(PREFIX);
    if (lease == Lease.LEASE) {
      config.loadLease(MAX_LOAD);
    }
    cache = new DefaultRedisCache(url.trim(), config.build());
    cache.flush();
    proxy = CachedProductEndpoint.wrap(delegate, cache);
    checkLease();
    checkMissAndFill();
  }

  /** While the delegate loads after a miss, the lease key exists with {@code LEASE} and not without. */
  private void checkLease() {
    long id = FIRST_ID;
    String leaseKey = PREFIX + RedisChecks.RESERVED + "lease:" + Settings.PREFIX_GET1 + id;
    boolean[] held = {false};
    ProductEndpoint probe = new ProductEndpoint() {
      @Override
      public Product get() {
        return delegate.get();
      }

      @Override
      public Product get(long i) {
        held[0] = admin.exists(leaseKey);
        return delegate.get(i);
      }

      @Override
      public Product get(long i, String region, int version) {
        return delegate.get(i, region, version);
      }
    };
    CachedProductEndpoint.wrap(probe, cache).get(id);
    if (held[0] != (lease == Lease.LEASE)) {
      throw new IllegalStateException(lease + ": the lease key " + leaseKey
          + (held[0] ? " existed" : " did not exist") + " while the delegate loaded");
    }
    if (admin.exists(leaseKey)) {
      throw new IllegalStateException(lease + ": the lease key " + leaseKey + " outlived the fill");
    }
  }

  /** A miss calls the delegate once and its fill is stored: the next read of the id is a hit. */
  private void checkMissAndFill() {
    long scripts = RedisChecks.scripts(admin);
    long calls = delegate.calls();
    int n = 200;
    for (int i = 1; i <= n; i++) {
      Product p = proxy.get(FIRST_ID + i);
      if (!p.equals(delegate.get(FIRST_ID + i))) {
        throw new IllegalStateException(lease + ": the proxy returned " + p);
      }
    }
    double perOp = (double) (RedisChecks.scripts(admin) - scripts) / n;
    if (delegate.calls() - calls != 2L * n) { // the check's own calls included
      throw new IllegalStateException(lease + ": " + (delegate.calls() - calls - n) + " delegate calls for "
          + n + " new ids");
    }
    calls = delegate.calls();
    for (int i = 1; i <= n; i++) {
      proxy.get(FIRST_ID + i);
    }
    if (delegate.calls() != calls) {
      throw new IllegalStateException(lease + ": the fills were not stored (the second reads missed)");
    }
    System.out.printf("[%s] scripts (EVALSHA/EVAL round trips) per miss + fill: %.2f%n", lease, perOp);
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    idAtStart = nextId;
    callsAtStart = delegate.calls();
    refusedAtStart = cache.refusedFillCount();
    waitsAtStart = cache.leaseWaitCount();
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    long ops = nextId - idAtStart;
    long calls = delegate.calls() - callsAtStart;
    if (calls != ops) {
      throw new IllegalStateException(lease + ": " + calls + " delegate calls in " + ops + " operations:"
          + " not one miss per operation");
    }
    if (cache.refusedFillCount() != refusedAtStart || cache.leaseWaitCount() != waitsAtStart
        || cache.errorCount() != 0) {
      throw new IllegalStateException(lease + ": refused fills " + (cache.refusedFillCount() - refusedAtStart)
          + ", lease waits " + (cache.leaseWaitCount() - waitsAtStart) + ", errors " + cache.errorCount()
          + " in an iteration: not the plain miss-and-fill path");
    }
    cache.flush(); // outside the measured time: the next iteration starts from an empty keyspace
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.flush();
    cache.close();
    admin.close();
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  public Product missAndFill() {
    return proxy.get(nextId++);
  }
}
