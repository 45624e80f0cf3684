package dev.lightcache.runtime;

/**
 * Implemented by every generated proxy: what a caller can ask of the caching itself.
 *
 * <p>Thread-safe: both methods may be called at any time from any thread.
 */
public interface CachingProxy {

  /**
   * A snapshot of this proxy's counters since it was built: totals and per method.
   *
   * @return the statistics, never {@code null}
   */
  CacheStats stats();

  /**
   * Removes every entry of this endpoint (its namespace and version) from the cache. Entries of other
   * endpoints sharing the cache stay, unless the backend can only {@link Cache#flush() flush}.
   */
  void invalidateAll();
}
