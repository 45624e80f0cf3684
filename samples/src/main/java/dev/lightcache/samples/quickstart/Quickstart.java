package dev.lightcache.samples.quickstart;

import dev.lightcache.runtime.CacheStats;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The quickstart: wraps a slow store in the generated {@code CachedProductEndpoint} and prints what
 * misses, hits and an invalidation cost. Run it with {@code mvn -q -pl samples exec:java}.
 */
public final class Quickstart {

  private Quickstart() {}

  public static void main(String[] args) {
    run(System.out, 200);
  }

  /**
   * Runs the quickstart.
   *
   * @param out where to print
   * @param delayMillis how slow the store is
   * @return the proxy's statistics at the end
   */
  public static CacheStats run(PrintStream out, long delayMillis) {
    warmUp();

    // tag::wrap[]
    SlowProductStore store = new SlowProductStore(100, delayMillis);
    CachedProductEndpoint products = CachedProductEndpoint.wrap(store);
    // end::wrap[]

    timed(out, "get(42)  first call  (miss)", () -> products.get(42));
    timed(out, "get(42)  second call (hit) ", () -> products.get(42));
    timed(out, "list(0)  first call  (miss)", () -> products.list(0).size() + " products");
    timed(out, "list(0)  second call (hit) ", () -> products.list(0).size() + " products");

    // tag::write[]
    products.post(new Product(42, "renamed", 4200)); // a write: the endpoint's entries are invalidated
    // end::write[]
    timed(out, "get(42)  after post  (miss)", () -> products.get(42));
    timed(out, "get(42)  again       (hit) ", () -> products.get(42));

    // tag::stats[]
    CacheStats stats = products.stats();
    out.printf(Locale.ROOT, "hits=%d misses=%d hitRate=%.2f invalidations=%d%n",
        stats.hits(), stats.misses(), stats.hitRate(), stats.invalidations());
    // end::stats[]
    out.println("calls that reached the store: " + store.calls());
    return stats;
  }

  /** Loads the classes of the miss and hit paths once, so that the timings below are of the cache. */
  private static void warmUp() {
    CachedProductEndpoint warm = CachedProductEndpoint.wrap(new SlowProductStore(1, 0));
    for (int i = 0; i < 3; i++) {
      warm.get(1);
      warm.list(0);
    }
    warm.post(new Product(1, "warm", 1));
  }

  private static void timed(PrintStream out, String label, Supplier<Object> call) {
    long start = System.nanoTime();
    Object result = call.get();
    long micros = (System.nanoTime() - start) / 1_000;
    out.printf(Locale.ROOT, "%s %9.3f ms  %s%n", label, micros / 1000.0, result);
  }
}
