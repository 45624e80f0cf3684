package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.CacheStats;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one method; {@link #snapshot} turns them into {@link CacheStats}. */
final class Counters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder cacheErrors = new LongAdder();
  final LongAdder invalidations = new LongAdder();

  CacheStats snapshot() {
    return new CacheStats(
        hits.sum(),
        misses.sum(),
        loads.sum(),
        loadFailures.sum(),
        cacheErrors.sum(),
        invalidations.sum(),
        Map.of());
  }
}
