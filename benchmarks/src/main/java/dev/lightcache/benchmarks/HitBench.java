package dev.lightcache.benchmarks;

import dev.lightcache.benchmarks.contenders.Contender;
import dev.lightcache.benchmarks.model.KeySpace;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductBackend;
import dev.lightcache.benchmarks.model.ProductEndpoint;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The hit path: every call is served from a warm cache. One benchmark per argument shape (0, 1 and 3
 * key arguments) and the calls with 0 and 1 argument on two threads. Each contender runs in its own
 * fork. The hand-written contenders come with {@code expireAfterWrite} of the proxy's time to live (the
 * "same TTL" comparison) and without expiration ({@code *_NO_EXPIRY}; {@code CAFFEINE_RAW_NO_EXPIRY}
 * is the floor).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class HitBench {

  @Param({
    "GENERATED", "GENERATED_TEXT_KEYS", "CAFFEINE_NATURAL", "CAFFEINE_NATURAL_NO_EXPIRY",
    "CAFFEINE_STRING", "CAFFEINE_RAW", "CAFFEINE_RAW_NO_EXPIRY", "JDK_PROXY", "JDK_PROXY_NO_EXPIRY",
    "SPRING", "PROTOTYPE"
  })
  public Contender contender;

  /** Size of the working set cycled through; all of it stays cached. */
  @Param("1024")
  public int keys;

  ProductEndpoint endpoint;
  private Contender.Instance instance;

  @Setup(Level.Trial)
  public void setUp() {
    ProductBackend backend = new ProductBackend();
    instance = contender.create(backend, 10_000);
    endpoint = instance.endpoint();
    BenchmarkSupport.fillAndCheck(endpoint, backend, KeySpace.sequential(keys));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    instance.close();
  }

  /** The arguments of one benchmark thread. */
  @State(Scope.Thread)
  public static class Cursor {
    KeySpace keys;

    @Setup(Level.Trial)
    public void setUp(HitBench bench, ThreadParams thread) {
      keys = KeySpace.sequential(bench.keys);
      // Threads start at different places of the working set.
      for (int i = 0; i < thread.getThreadIndex() * keys.size() / Math.max(1, thread.getThreadCount()); i++) {
        keys.advance();
      }
    }
  }

  @Benchmark
  public Product hit0() {
    return endpoint.get();
  }

  @Benchmark
  public Product hit1(Cursor c) {
    int i = c.keys.advance();
    return endpoint.get(c.keys.id(i));
  }

  @Benchmark
  public Product hit3(Cursor c) {
    KeySpace k = c.keys;
    int i = k.advance();
    return endpoint.get(k.id(i), k.region(i), k.version(i));
  }

  /** {@link #hit0} on two threads sharing one cache: the score is the time per call per thread. */
  @Benchmark
  @Threads(2)
  public Product hit0Threads2() {
    return endpoint.get();
  }

  /** {@link #hit1} on two threads sharing one cache: the score is the time per call per thread. */
  @Benchmark
  @Threads(2)
  public Product hit1Threads2(Cursor c) {
    int i = c.keys.advance();
    return endpoint.get(c.keys.id(i));
  }
}
