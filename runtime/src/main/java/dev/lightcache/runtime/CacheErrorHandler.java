package dev.lightcache.runtime;

import dev.lightcache.runtime.internal.RateLimitedLog;

/**
 * Decides what a failing backend call does to the call that made it.
 *
 * <p>The proxy counts every failure in {@link CacheStats#cacheErrors()} and then calls {@link
 * #handle}. If {@code handle} returns, the proxy carries on as if the operation had missed (a read) or
 * had not been needed (a write or delete): the caller gets the delegate's result. If it throws, the
 * exception reaches the caller.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CacheErrorHandler {

  /**
   * Called after a backend operation threw.
   *
   * @param operation what was attempted
   * @param key the key, or the prefix for {@link CacheOperation#INVALIDATE}
   * @param error what the backend threw
   */
  void handle(CacheOperation operation, String key, RuntimeException error);

  /**
   * The default: fail open. Every failure is logged through {@link System.Logger} (logger {@code
   * dev.lightcache}, level WARNING) at most once per operation kind every 10 seconds, with the number
   * of failures left out of the log in between, and never reaches the caller.
   *
   * @return the fail-open handler
   */
  static CacheErrorHandler failOpen() {
    return RateLimitedLog.FAIL_OPEN;
  }

  /**
   * Fail fast: rethrows every failure to the caller. Meant for tests that must see backend errors.
   *
   * @return the fail-fast handler
   */
  static CacheErrorHandler failFast() {
    return (operation, key, error) -> {
      throw error;
    };
  }
}
