package dev.lightcache.runtime.redis;

import java.util.concurrent.atomic.LongAdder;

/** What a {@link DefaultRedisCache} counts; read by its public counters. Thread-safe. */
final class RedisCounters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder corruptEntries = new LongAdder();
  final LongAdder oversizedValues = new LongAdder();
  final LongAdder refusedFills = new LongAdder();
  /** Fills skipped because the read before them failed. */
  final LongAdder skippedFills = new LongAdder();
  final LongAdder droppedInvalidations = new LongAdder();
  final LongAdder leaseWaits = new LongAdder();
}
