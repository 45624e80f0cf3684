package dev.lightcache.benchmarks;

import dev.lightcache.benchmarks.model.KeySpace;
import dev.lightcache.benchmarks.model.ProductBackend;
import dev.lightcache.benchmarks.model.ProductEndpoint;

/** Set-up shared by the benchmarks. */
final class BenchmarkSupport {

  private BenchmarkSupport() {}

  /**
   * Calls every shape of {@code endpoint} for every tuple of {@code keys} twice and checks that the
   * second round was served from the cache: the hit benchmarks must measure hits.
   *
   * @param endpoint the cached endpoint
   * @param backend its delegate
   * @param keys the working set
   */
  static void fillAndCheck(ProductEndpoint endpoint, ProductBackend backend, KeySpace keys) {
    for (int round = 0; round < 2; round++) {
      long before = backend.calls();
      for (int n = 0; n < keys.size(); n++) {
        int i = keys.advance();
        check(endpoint.get() == backend.get(), endpoint);
        check(endpoint.get(keys.id(i)) == backend.get(keys.id(i)), endpoint);
        check(
            endpoint.get(keys.id(i), keys.region(i), keys.version(i))
                == backend.get(keys.id(i), keys.region(i), keys.version(i)),
            endpoint);
      }
      // The checks above call the backend directly 3 times per tuple.
      long delegateCalls = backend.calls() - before - 3L * keys.size();
      if (round == 1 && delegateCalls != 0) {
        throw new IllegalStateException(
            endpoint + " called its delegate " + delegateCalls + " times on a warm cache: not a hit path");
      }
    }
  }

  private static void check(boolean same, ProductEndpoint endpoint) {
    if (!same) {
      throw new IllegalStateException(endpoint + " returned another product than its delegate");
    }
  }
}
