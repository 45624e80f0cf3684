package dev.lightcache.runtime;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link InvalidationStrategy} may do to the cache of the proxy that called it. Every method
 * fails open: a backend error is handled by the proxy's {@link CacheErrorHandler} and counted.
 */
public interface CacheInvalidator {

  /**
   * Deletes one entry of a cached method, with the key built exactly as the proxy builds it.
   *
   * @param method the cached method's signature ({@code get(long)}), or its name ({@code get}) when
   *     that names exactly one cached method
   * @param keyArguments the values of the method's key parameters, in order
   * @throws IllegalArgumentException if {@code method} names no cached method, or several, or the
   *     number of arguments differs from its number of key parameters
   */
  void invalidateKey(String method, @Nullable Object... keyArguments);

  /**
   * Removes every entry of a cached method.
   *
   * @param method the cached method's signature, or its name for every overload of that name
   * @throws IllegalArgumentException if {@code method} names no cached method
   */
  void invalidateMethod(String method);

  /** Removes every entry of the endpoint (its namespace and version). */
  void invalidateEndpoint();
}
