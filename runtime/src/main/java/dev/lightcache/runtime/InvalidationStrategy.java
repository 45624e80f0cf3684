package dev.lightcache.runtime;

/**
 * Decides what a write invalidates. A proxy calls it after every invalidating method returns normally
 * (for a future, after it completes normally), before the result reaches the caller.
 *
 * <p>Name a custom strategy in {@code @Cached(invalidation = MyStrategy.class)} (it needs a public
 * no-arg constructor), or pass an instance to the generated builder. Implementations must be
 * thread-safe. An exception thrown here is handled like a backend failure: counted, logged, and the
 * caller still gets its result.
 */
@FunctionalInterface
public interface InvalidationStrategy {

  /**
   * Invalidates what {@code invocation} makes stale.
   *
   * @param invocation the call that returned
   * @param cache what the strategy may do to the cache
   */
  void invalidate(Invocation invocation, CacheInvalidator cache);

  /**
   * The built-in strategy: does exactly what {@link Invocation#declared()} says (a write method
   * invalidates every entry of the endpoint; an {@code @Invalidates} method what it names: one key
   * when the target's key parameters all appear in it by name and type, every entry of the target
   * otherwise).
   *
   * @return the built-in strategy
   */
  static InvalidationStrategy standard() {
    return StandardInvalidation.INSTANCE;
  }
}
