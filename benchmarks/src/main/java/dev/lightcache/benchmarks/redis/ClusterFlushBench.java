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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * {@code flush()} of 100,000 entries (issue #10) on a real Redis Cluster of three primaries without
 * replicas ({@link RedisClusterServer}, started by the benchmark) against the same cache over one
 * {@code redis-server} ({@link RedisServer}): what the walk over every primary ({@code SCAN} per
 * node, {@code UNLINK} grouped by hash slot) costs against the walk of one node. Both started here,
 * pinned the same way (every Redis process on one CPU, away from JMH's), never a shared server.
 *
 * <p>Single-shot: before each invocation (not measured) 100,000 entries of about 100 B are written
 * with pipelined {@code SET key value PX 300000} through the deployment's own client ({@code
 * RedisClusterClient} or {@code RedisClient}), under exactly the keys the cache names them (its
 * prefix + the proxy's key text for {@code get(long)}); the set-up checks once that the proxy hits
 * them. The invocation is one {@code cache.flush()}. After each one (not measured), every primary is
 * scanned ({@code SCAN MATCH prefix*}): the benchmark fails if an entry is left, or if the cache
 * counted an error (it fails open: a failed flush would otherwise look fast).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ClusterFlushBench {

  /** Where the entries live. */
  public enum Deployment {
    /** One {@code redis-server}, the cache over {@code redis://}: the baseline. */
    SINGLE,
    /** Three primaries, the cache over {@code redis-cluster://}. */
    CLUSTER
  }

  @Param({"SINGLE", "CLUSTER"})
  public Deployment deployment;

  /** Entries written before each flush. */
  @Param("100000")
  public int entries;

  private static final String PREFIX = "lightcache-bench:flush:";
  private static final long FIRST_ID = 1_000_000L;
  private static final int PIPELINE_BATCH = 5_000;
  private static final long TTL_MILLIS = Settings.EXPIRATION.toMillis();

  private RedisServer server;
  private RedisClusterServer cluster;
  private UnifiedJedis writer;
  private List<HostAndPort> primaries;
  private DefaultRedisCache cache;
  private byte[][] keys;
  private byte[][] values;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String url;
    if (deployment == Deployment.CLUSTER) {
      cluster = RedisClusterServer.start();
      url = cluster.url();
      primaries = cluster.nodes();
      writer = RedisClusterClient.builder().nodes(Set.copyOf(primaries)).build();
    } else {
      server = RedisServer.start();
      url = "redis://127.0.0.1:" + server.port();
      primaries = List.of(new HostAndPort("127.0.0.1", server.port()));
      writer = RedisClient.create("127.0.0.1", server.port());
    }
    cache = new DefaultRedisCache(url, RedisCacheConfig.builder().prefix(PREFIX).build());

    // The entries as the cache stores them: its prefix + the proxy's key, the codec's bytes.
    ObjectMapper mapper = JacksonCodec.newDefaultMapper();
    int overhead = mapper.writeValueAsBytes(new Product(0, "product-0", 99, "")).length;
    ProductBackend delegate = new ProductBackend(NearHitBench.VALUE_BYTES - overhead);
    JacksonCodec codec = new JacksonCodec(mapper);
    values = new byte[ProductBackend.SIZE][];
    for (int i = 0; i < values.length; i++) {
      values[i] = codec.encode(delegate.get(i));
    }
    keys = new byte[entries][];
    for (int i = 0; i < entries; i++) {
      keys[i] = (PREFIX + Settings.PREFIX_GET1 + (FIRST_ID + i)).getBytes(StandardCharsets.UTF_8);
    }

    // Once: the proxy over this cache hits what fill() wrote, so the keys are the cache's own.
    fill();
    ProductEndpoint proxy = CachedProductEndpoint.wrap(delegate, cache);
    long calls = delegate.calls();
    int checked = 0;
    for (int i = 0; i < entries; i += Math.max(1, entries / 100)) {
      Product p = proxy.get(FIRST_ID + i);
      checked++;
      if (!p.equals(delegate.get(FIRST_ID + i))) { // this call is counted too: subtracted below
        throw new IllegalStateException(deployment + ": the proxy read " + p + " for " + (FIRST_ID + i));
      }
    }
    long proxyCalls = delegate.calls() - calls - checked;
    if (proxyCalls != 0) {
      throw new IllegalStateException(deployment + ": the proxy missed " + proxyCalls
          + " entries written by the set-up: the keys are not the cache's");
    }
    cache.flush();
    verify();
    System.out.printf("[%s] %s: %d entries per flush, %d primar%s%n", deployment, url, entries,
        primaries.size(), primaries.size() == 1 ? "y" : "ies");
  }

  /** Writes the entries, pipelined, and checks that the nodes hold at least that many keys. */
  @Setup(Level.Invocation)
  public void fill() {
    for (int from = 0; from < entries; from += PIPELINE_BATCH) {
      try (AbstractPipeline pipeline = writer.pipelined()) {
        for (int i = from; i < Math.min(entries, from + PIPELINE_BATCH); i++) {
          // the delegate's value of this id: products[id & (SIZE - 1)]
          byte[] value = values[(int) ((FIRST_ID + i) & (ProductBackend.SIZE - 1))];
          pipeline.set(keys[i], value, SetParams.setParams().px(TTL_MILLIS));
        }
        pipeline.sync();
      }
    }
    long stored = 0;
    for (HostAndPort node : primaries) {
      try (Jedis jedis = RedisChecks.admin(node)) {
        stored += jedis.dbSize();
      }
    }
    if (stored < entries) {
      throw new IllegalStateException(deployment + ": " + stored + " keys after writing " + entries);
    }
  }

  @Benchmark
  public void flush() {
    cache.flush();
  }

  /** No entry under the prefix is left on any primary, and the flush did not fail silently. */
  @TearDown(Level.Invocation)
  public void verify() {
    List<String> left = new ArrayList<>();
    for (HostAndPort node : primaries) {
      try (Jedis jedis = RedisChecks.admin(node)) {
        left.addAll(RedisChecks.entriesUnder(jedis, PREFIX, 5).stream().map(k -> node + " " + k).toList());
      }
    }
    if (!left.isEmpty() || cache.errorCount() != 0 || cache.circuitState() != DefaultRedisCache.CircuitState.CLOSED) {
      throw new IllegalStateException(deployment + ": after flush(), entries left: "
          + left.stream().collect(Collectors.joining(", ", "[", "]")) + "; cache errors "
          + cache.errorCount() + ", circuit " + cache.circuitState());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
    writer.close();
    if (cluster != null) {
      cluster.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
