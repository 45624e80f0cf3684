package dev.lightcache.benchmarks;

import dev.lightcache.benchmarks.model.CachedCatalogA;
import dev.lightcache.benchmarks.model.CachedCatalogB;
import dev.lightcache.benchmarks.model.CachedCatalogC;
import dev.lightcache.benchmarks.model.CachedCatalogD;
import dev.lightcache.benchmarks.model.CachedProductEndpoint;
import dev.lightcache.benchmarks.model.CatalogBackends;
import dev.lightcache.benchmarks.model.KeySpace;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductBackend;
import dev.lightcache.benchmarks.model.ProductEndpoint;
import dev.lightcache.runtime.InMemoryCache;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code ProductEndpoint.get(long)} call site over four proxies: four instances of one generated
 * class (monomorphic, the call inlines) against four different generated classes, {@code
 * CachedCatalogA..D} (megamorphic: an itable dispatch, nothing inlines across it). Every call hits.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class MegamorphicBench {

  /** How the four receivers at the call site are typed. */
  public enum Shape {
    /** Four instances of {@code CachedProductEndpoint}. */
    MONOMORPHIC,
    /** One instance each of {@code CachedCatalogA}, {@code B}, {@code C} and {@code D}. */
    MEGAMORPHIC
  }

  @Param({"MONOMORPHIC", "MEGAMORPHIC"})
  public Shape shape;

  private final ProductEndpoint[] endpoints = new ProductEndpoint[4];
  private KeySpace keys;

  @Setup(Level.Trial)
  public void setUp() {
    ProductBackend backend = new ProductBackend();
    for (int i = 0; i < 4; i++) {
      InMemoryCache cache = new InMemoryCache();
      endpoints[i] =
          shape == Shape.MONOMORPHIC
              ? CachedProductEndpoint.wrap(backend, cache)
              : switch (i) {
                case 0 -> CachedCatalogA.wrap(CatalogBackends.a(backend), cache);
                case 1 -> CachedCatalogB.wrap(CatalogBackends.b(backend), cache);
                case 2 -> CachedCatalogC.wrap(CatalogBackends.c(backend), cache);
                default -> CachedCatalogD.wrap(CatalogBackends.d(backend), cache);
              };
      BenchmarkSupport.fillAndCheck(endpoints[i], backend, KeySpace.sequential(1024));
    }
    keys = KeySpace.sequential(1024);
  }

  @Benchmark
  public Product hit1() {
    int i = keys.advance();
    return endpoints[i & 3].get(keys.id(i));
  }
}
