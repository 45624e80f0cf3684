package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.CacheOperation;
import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.StatsRecorder;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The statistics of one proxy: a counter set per method (plus one for {@code invalidateAll()}), and
 * the user's {@link StatsRecorder}. A recorder that throws is logged (rate limited) and otherwise
 * ignored: a metrics failure never fails a call nor leaves a load unfinished. Thread-safe.
 */
final class ProxyStats {

  private static final System.Logger LOGGER = System.getLogger("dev.lightcache");
  private static final LogThrottle RECORDER_LOG = new LogThrottle(1, TimeUnit.SECONDS.toNanos(10));

  /** The pseudo-method {@code CachingProxy.invalidateAll()} is counted under. */
  static final String INVALIDATE_ALL = "invalidateAll()";

  private final List<String> signatures;
  private final Counters[] counters;
  private final Counters invalidateAll = new Counters();
  private final StatsRecorder recorder;
  /** Whether the recorder wants events: the clock is read for load times only then. */
  final boolean recording;

  ProxyStats(Endpoint endpoint, StatsRecorder recorder) {
    this.signatures = endpoint.signatures();
    this.recorder = recorder;
    this.recording = !(recorder instanceof NoRecorder);
    this.counters = new Counters[signatures.size()];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new Counters();
    }
  }

  /** The clock for load times, read only for a recorder that wants them. */
  long startLoad() {
    return recording ? System.nanoTime() : 0;
  }

  void hit(CachedMethod method) {
    counters[method.index()].hits.increment();
    if (recording) {
      try {
        recorder.recordHit(method.signature());
      } catch (RuntimeException e) {
        recorderFailed(e);
      }
    }
  }

  void miss(CachedMethod method) {
    counters[method.index()].misses.increment();
    if (recording) {
      try {
        recorder.recordMiss(method.signature());
      } catch (RuntimeException e) {
        recorderFailed(e);
      }
    }
  }

  void loadSuccess(CachedMethod method, long start) {
    Counters slot = counters[method.index()];
    slot.loadSuccesses.increment();
    if (recording) {
      long nanos = System.nanoTime() - start;
      slot.loadNanos.add(nanos);
      try {
        recorder.recordLoadSuccess(method.signature(), nanos);
      } catch (RuntimeException e) {
        recorderFailed(e);
      }
    }
  }

  void loadFailure(CachedMethod method, long start) {
    Counters slot = counters[method.index()];
    slot.loadFailures.increment();
    if (recording) {
      long nanos = System.nanoTime() - start;
      slot.loadNanos.add(nanos);
      try {
        recorder.recordLoadFailure(method.signature(), nanos);
      } catch (RuntimeException e) {
        recorderFailed(e);
      }
    }
  }

  /** A backend failure, counted against the method (or {@code invalidateAll()} for index -1). */
  void cacheError(int index, String signature, CacheOperation operation) {
    slot(index).cacheErrors.increment();
    try {
      recorder.recordCacheError(signature, operation);
    } catch (RuntimeException e) {
      recorderFailed(e);
    }
  }

  /** An invalidating call, counted against the method (or {@code invalidateAll()} for index -1). */
  void invalidation(int index, String signature) {
    slot(index).invalidations.increment();
    try {
      recorder.recordInvalidation(signature);
    } catch (RuntimeException e) {
      recorderFailed(e);
    }
  }

  private Counters slot(int index) {
    return index < 0 ? invalidateAll : counters[index];
  }

  private static void recorderFailed(RuntimeException e) {
    long skipped = RECORDER_LOG.tryLog(0);
    if (skipped >= 0) {
      LOGGER.log(
          Level.WARNING,
          "A StatsRecorder threw; the call went on and the event is lost"
              + (skipped > 0 ? " (" + skipped + " similar failures not logged)" : ""),
          e);
    }
  }

  /**
   * The slot of a method's counters.
   *
   * @return its index, or -1 for {@code invalidateAll()}
   * @throws IllegalArgumentException if the endpoint has no such method
   */
  int slotOf(String signature) {
    if (signature.equals(INVALIDATE_ALL)) {
      return -1;
    }
    int index = signatures.indexOf(signature);
    if (index < 0) {
      throw new IllegalArgumentException("no method " + signature + " in " + signatures);
    }
    return index;
  }

  /** One counter of one slot ({@link #slotOf}). */
  long count(int slot, ProxyCounters.Counted counted) {
    return slot(slot).sum(counted);
  }

  /** One counter summed over every slot, {@code invalidateAll()} included: sums only, so it only grows. */
  long total(ProxyCounters.Counted counted) {
    long total = invalidateAll.sum(counted);
    for (Counters slot : counters) {
      total += slot.sum(counted);
    }
    return total;
  }

  /** A snapshot of the counters: totals and per method. */
  CacheStats snapshot() {
    Map<String, CacheStats> byMethod = new HashMap<>();
    long hits = 0, misses = 0, loads = 0, loadFailures = 0, cacheErrors = 0, invalidations = 0;
    for (int i = 0; i < counters.length; i++) {
      CacheStats s = counters[i].snapshot();
      byMethod.put(signatures.get(i), s);
      hits += s.hits();
      misses += s.misses();
      loads += s.loads();
      loadFailures += s.loadFailures();
      cacheErrors += s.cacheErrors();
      invalidations += s.invalidations();
    }
    CacheStats all = invalidateAll.snapshot();
    return new CacheStats(
        hits,
        misses,
        loads,
        loadFailures,
        cacheErrors + all.cacheErrors(),
        invalidations + all.invalidations(),
        byMethod);
  }
}
