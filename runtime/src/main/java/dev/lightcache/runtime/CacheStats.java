package dev.lightcache.runtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of a proxy's counters: totals, and the same counters for each method under
 * {@link #byMethod()}.
 *
 * <ul>
 *   <li>{@code hits}: cached calls answered from the cache;
 *   <li>{@code misses}: cached calls not found in the cache (each is followed by a load or joins one);
 *   <li>{@code loads}: calls to the delegate made to fill the cache (concurrent misses share one);
 *   <li>{@code loadFailures}: loads that threw or whose future failed;
 *   <li>{@code cacheErrors}: backend calls that failed and were handled by the {@link CacheErrorHandler};
 *   <li>{@code invalidations}: invalidations performed after writes or by {@link
 *       CachingProxy#invalidateAll()}.
 * </ul>
 *
 * @param hits calls answered from the cache
 * @param misses calls not answered from the cache
 * @param loads delegate calls made to fill the cache
 * @param loadFailures loads that failed
 * @param cacheErrors failed backend calls
 * @param invalidations invalidations performed
 * @param byMethod the same counters per method, keyed by signature such as {@code get(long)}, sorted; empty
 *     in the per-method snapshots themselves
 */
public record CacheStats(
    long hits,
    long misses,
    long loads,
    long loadFailures,
    long cacheErrors,
    long invalidations,
    Map<String, CacheStats> byMethod) {

  /**
   * Copies {@code byMethod} into an immutable sorted map.
   *
   * @param hits calls answered from the cache
   * @param misses calls not answered from the cache
   * @param loads delegate calls made to fill the cache
   * @param loadFailures loads that failed
   * @param cacheErrors failed backend calls
   * @param invalidations invalidations performed
   * @param byMethod the same counters per method, keyed by signature; copied
   */
  public CacheStats {
    byMethod = java.util.Collections.unmodifiableMap(new TreeMap<>(byMethod));
  }

  /**
   * Hits plus misses.
   *
   * @return the number of cached calls
   */
  public long requestCount() {
    return hits + misses;
  }

  /**
   * Hits divided by requests; {@code 1.0} when there were no requests, as in Caffeine.
   *
   * @return the hit rate, between 0 and 1
   */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 1.0 : (double) hits / requests;
  }

  /**
   * The counters of one method.
   *
   * @param signature the method's signature as in keys, such as {@code get(long)}
   * @return its counters, all zero if the method has none
   */
  public CacheStats forMethod(String signature) {
    CacheStats stats = byMethod.get(signature);
    return stats != null ? stats : new CacheStats(0, 0, 0, 0, 0, 0, Map.of());
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "CacheStats{hits=%d, misses=%d, hitRate=%.3f, loads=%d, loadFailures=%d, cacheErrors=%d,"
            + " invalidations=%d}",
        hits,
        misses,
        hitRate(),
        loads,
        loadFailures,
        cacheErrors,
        invalidations);
  }
}
