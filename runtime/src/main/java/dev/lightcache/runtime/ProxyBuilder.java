package dev.lightcache.runtime;

import dev.lightcache.runtime.internal.Endpoint;
import dev.lightcache.runtime.internal.ProxyEngine;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a generated proxy, shared by every generated {@code Builder}: {@code
 * CachedProductEndpoint.builder(delegate).cache(cache).errorHandler(handler).build()}.
 *
 * <p>Every setting is optional. Without a {@link #cache(Cache) cache}, the proxy builds the backend
 * named in {@code @Cached(cache = ...)} (the built-in {@link InMemoryCache} by default) with its
 * public no-arg constructor. A builder is not thread-safe; the proxies it builds are.
 *
 * @param <B> the generated builder's own type
 * @param <P> the generated proxy type
 */
public abstract class ProxyBuilder<B extends ProxyBuilder<B, P>, P extends CachingProxy> {

  private final Endpoint endpoint;
  private @Nullable Cache cache;
  private CacheErrorHandler errorHandler = CacheErrorHandler.failOpen();
  private StatsRecorder statsRecorder = StatsRecorder.none();
  private @Nullable Executor executor;
  private @Nullable InvalidationStrategy invalidation;

  /**
   * For generated builders.
   *
   * @param endpoint the generated proxy's endpoint
   */
  protected ProxyBuilder(Endpoint endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  /**
   * The backend; replaces the one named in {@code @Cached(cache = ...)}.
   *
   * @param cache the cache
   * @return this builder
   */
  public final B cache(Cache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
    return self();
  }

  /**
   * What backend failures do; {@link CacheErrorHandler#failOpen()} by default.
   *
   * @param errorHandler the handler
   * @return this builder
   */
  public final B errorHandler(CacheErrorHandler errorHandler) {
    this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    return self();
  }

  /**
   * An extra listener for every counted event (for a metrics system); none by default. {@link
   * CachingProxy#stats()} works either way.
   *
   * @param statsRecorder the recorder
   * @return this builder
   */
  public final B statsRecorder(StatsRecorder statsRecorder) {
    this.statsRecorder = Objects.requireNonNull(statsRecorder, "statsRecorder");
    return self();
  }

  /**
   * Where methods returning futures run the backend's synchronous {@code get} and {@code set}, for
   * backends whose {@code *Async} methods would block. By default they call the backend's own {@code
   * getAsync} and {@code setAsync}.
   *
   * @param executor the executor
   * @return this builder
   */
  public final B executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return self();
  }

  /**
   * The invalidation strategy; replaces the one named in {@code @Cached(invalidation = ...)}.
   *
   * @param invalidation the strategy
   * @return this builder
   */
  public final B invalidation(InvalidationStrategy invalidation) {
    this.invalidation = Objects.requireNonNull(invalidation, "invalidation");
    return self();
  }

  /**
   * Builds the proxy.
   *
   * @return a new proxy
   */
  public abstract P build();

  /**
   * The generated builder itself.
   *
   * @return {@code this}
   */
  protected abstract B self();

  /**
   * The backend named in {@code @Cached(cache = ...)}, built with its no-arg constructor.
   *
   * @return a new cache
   */
  protected abstract Cache newDefaultCache();

  /**
   * The strategy named in {@code @Cached(invalidation = ...)}; the built-in one unless overridden.
   *
   * @return the strategy
   */
  protected InvalidationStrategy newDefaultInvalidation() {
    return InvalidationStrategy.standard();
  }

  /**
   * The engine for a new proxy, from these settings.
   *
   * @return the engine
   */
  protected final ProxyEngine newEngine() {
    return new ProxyEngine(
        endpoint,
        cache != null ? cache : newDefaultCache(),
        errorHandler,
        statsRecorder,
        executor,
        invalidation != null ? invalidation : newDefaultInvalidation());
  }
}
