package dev.lightcache.runtime;

/**
 * Receives every event a proxy counts, for export to a metrics system. The proxy keeps its own counters
 * for {@link CachingProxy#stats()} either way; a recorder is an extra listener.
 *
 * <p>Methods are called on the hot path, from any thread: they must be fast, thread-safe and must not
 * throw. Every method defaults to doing nothing.
 */
public interface StatsRecorder {

  /**
   * A cached call was answered from the cache.
   *
   * @param method the method's signature, such as {@code get(long)}
   */
  default void recordHit(String method) {}

  /**
   * A cached call was not found in the cache.
   *
   * @param method the method's signature
   */
  default void recordMiss(String method) {}

  /**
   * The delegate was called to fill the cache and returned.
   *
   * @param method the method's signature
   * @param nanos how long the delegate took
   */
  default void recordLoadSuccess(String method, long nanos) {}

  /**
   * The delegate was called to fill the cache and failed.
   *
   * @param method the method's signature
   * @param nanos how long the delegate took
   */
  default void recordLoadFailure(String method, long nanos) {}

  /**
   * A backend operation failed.
   *
   * @param method the method's signature
   * @param operation the failed operation
   */
  default void recordCacheError(String method, CacheOperation operation) {}

  /**
   * A method invalidated entries.
   *
   * @param method the invalidating method's signature, or {@code "invalidateAll()"}
   */
  default void recordInvalidation(String method) {}

  /**
   * A recorder that does nothing.
   *
   * @return the no-op recorder
   */
  static StatsRecorder none() {
    return dev.lightcache.runtime.internal.NoRecorder.INSTANCE;
  }
}
