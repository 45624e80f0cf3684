package dev.lightcache.runtime;

import dev.lightcache.runtime.internal.InternalAccess;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
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

  static {
    InternalAccess.registerBuilders(
        new InternalAccess.Builders() {
          @Override
          public Cache cache(ProxyBuilder<?, ?> builder) {
            return builder.cache != null ? builder.cache : builder.newDefaultCache();
          }

          @Override
          public CacheErrorHandler errorHandler(ProxyBuilder<?, ?> builder) {
            return builder.errorHandler;
          }

          @Override
          public StatsRecorder statsRecorder(ProxyBuilder<?, ?> builder) {
            return builder.statsRecorder;
          }

          @Override
          public @Nullable Executor executor(ProxyBuilder<?, ?> builder) {
            return builder.executor;
          }

          @Override
          public InvalidationStrategy invalidation(ProxyBuilder<?, ?> builder) {
            return builder.invalidation != null ? builder.invalidation : builder.newDefaultInvalidation();
          }
        });
  }

  private @Nullable Cache cache;
  private CacheErrorHandler errorHandler = CacheErrorHandler.failOpen();
  private StatsRecorder statsRecorder = StatsRecorder.none();
  private @Nullable Executor executor;
  private @Nullable InvalidationStrategy invalidation;

  /** For generated builders. */
  protected ProxyBuilder() {}

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
   * Where methods returning futures read and write the backend, and then call the delegate on a miss.
   * By default they read the backend in the caller's thread (one bounded backend call) and call the
   * delegate there, and store with the backend's own {@code setAsync}. Either way the delegate never
   * runs on a thread of the backend's own.
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
   * The one instance of a backend class that every proxy built without an explicit {@link
   * #cache(Cache) cache} uses, per class loader: a thousand {@code wrap(delegate)} calls over
   * {@code @Cached(cache = DefaultRedisCache.class)} open one connection pool, not a thousand. Created on
   * first use with {@code constructor}, never closed by Lightcache (close it yourself on shutdown if it
   * holds resources; see the backend's docs). Generated builders call this for every backend named in
   * {@code @Cached(cache = ...)} except the built-in {@link InMemoryCache}, which stays one per proxy.
   *
   * @param type the backend class
   * @param constructor its public no-arg constructor
   * @param <C> the backend class
   * @return the shared instance
   */
  protected static <C extends Cache> C shared(Class<C> type, Supplier<? extends C> constructor) {
    return SharedCaches.get(type, constructor);
  }
}
