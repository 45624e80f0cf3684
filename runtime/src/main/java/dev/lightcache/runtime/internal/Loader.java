package dev.lightcache.runtime.internal;

/**
 * A call to the delegate, as generated code passes it to the engine. It may throw anything the
 * delegate throws; the engine rethrows it unchanged.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Loader<T> {

  /**
   * Calls the delegate.
   *
   * @return the delegate's result
   * @throws Throwable whatever the delegate throws
   */
  T load() throws Throwable;
}
