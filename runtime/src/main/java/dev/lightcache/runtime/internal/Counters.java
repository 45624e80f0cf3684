package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.CacheStats;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one method; {@link #snapshot} turns them into {@link CacheStats}. Successful and
 * failed loads are counted apart, never derived by subtraction, so that each count a metrics system
 * reads only ever grows.
 */
final class Counters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder loadSuccesses = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  /** Time spent in loads, counted only while the proxy times its loads (it has a recorder). */
  final LongAdder loadNanos = new LongAdder();
  final LongAdder cacheErrors = new LongAdder();
  final LongAdder invalidations = new LongAdder();

  long sum(ProxyCounters.Counted counted) {
    return switch (counted) {
      case HITS -> hits.sum();
      case MISSES -> misses.sum();
      case LOAD_SUCCESSES -> loadSuccesses.sum();
      case LOAD_FAILURES -> loadFailures.sum();
      case LOAD_NANOS -> loadNanos.sum();
      case CACHE_ERRORS -> cacheErrors.sum();
      case INVALIDATIONS -> invalidations.sum();
    };
  }

  CacheStats snapshot() {
    long failures = loadFailures.sum();
    return new CacheStats(
        hits.sum(),
        misses.sum(),
        loadSuccesses.sum() + failures,
        failures,
        cacheErrors.sum(),
        invalidations.sum(),
        Map.of());
  }
}
