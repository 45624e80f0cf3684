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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The miss path: ids drawn from a key space of 64 million over a cache of 1,000 entries, so nearly
 * every call misses, calls the (allocation-free) delegate, stores, and makes Caffeine evict. The
 * natural-key decorator runs with and without {@code expireAfterWrite}: the miss goal is against both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class MissBench {

  @Param({
    "GENERATED", "GENERATED_TEXT_KEYS", "CAFFEINE_NATURAL", "CAFFEINE_NATURAL_NO_EXPIRY",
    "CAFFEINE_STRING", "JDK_PROXY", "SPRING", "PROTOTYPE"
  })
  public Contender contender;

  /** Bound on cached entries. */
  @Param("1000")
  public int cacheSize;

  /** Size of the id range the calls draw from. */
  @Param("67108864")
  public long keySpace;

  private ProductEndpoint endpoint;
  private Contender.Instance instance;
  private ProductBackend backend;
  private KeySpace keys;
  private long callsAtStart;
  private long opsAtStart;
  private long ops;

  @Setup(Level.Trial)
  public void setUp() {
    backend = new ProductBackend();
    instance = contender.create(backend, cacheSize);
    endpoint = instance.endpoint();
    keys = KeySpace.random(1 << 16, keySpace, 42);
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    callsAtStart = backend.calls();
    opsAtStart = ops;
  }

  @TearDown(Level.Iteration)
  public void checkIteration() {
    long calls = backend.calls() - callsAtStart;
    long n = ops - opsAtStart;
    if (n > 1000 && calls < n * 0.9) {
      throw new IllegalStateException(
          contender + ": only " + calls + " delegate calls in " + n + " operations: not a miss path");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    instance.close();
  }

  @Benchmark
  public Product miss1() {
    ops++;
    int i = keys.advance();
    return endpoint.get(keys.id(i));
  }
}
