package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheErrorHandler;
import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.InvalidationStrategy;
import dev.lightcache.runtime.ProxyBuilder;
import dev.lightcache.runtime.StatsRecorder;
import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * How this package reaches the parts of public runtime classes that are not public API (the key-object
 * entries of {@link InMemoryCache}, the settings of a {@link ProxyBuilder}), so that no public
 * signature mentions an internal type. Each public class registers its accessor once, from its static
 * initializer, before any instance exists.
 */
public final class InternalAccess {

  private static volatile @Nullable InMemory inMemory;
  private static volatile @Nullable Builders builders;
  private static volatile @Nullable Near near;
  private static volatile @Nullable Loads loads;

  private InternalAccess() {}

  /** The key-object entries of an {@link InMemoryCache}. */
  public interface InMemory {
    /** The value stored under {@code key}, or {@code null}. */
    @Nullable Object get(InMemoryCache cache, Key key);

    /** Stores a value under {@code key}. */
    void set(InMemoryCache cache, Key key, Object value, Duration expiration);

    /** Removes the entry under {@code key}. */
    void delete(InMemoryCache cache, Key key);
  }

  /**
   * The near cache of a Redis cache ({@code DefaultRedisCache}, registered when that class is
   * initialized, so nothing here names it: Jedis is an optional dependency). A proxy reads the near
   * cache with its key object, without rendering the key's text, when the cache is exactly that
   * class (a subclass's {@code get} override must see every read).
   */
  public interface Near {
    /**
     * The near cache's value for {@code key} as {@code type}, or {@code null}: a near miss, or not a
     * cache with a near cache that proxies may read past its {@code get}.
     */
    @Nullable Object get(Cache cache, Key key, ValueType<?> type);

    /** After {@code cache.get(text, ...)} returned a value: lets the next read find it by {@code key}. */
    void link(Cache cache, Key key, String text);
  }

  /**
   * What a text backend tells a cache when a miss is not followed by a fill: a load that followed it
   * ends without one, or the call joined another call's load (registered by the Redis cache's class,
   * which releases its load lease then instead of letting it expire, and forgets the miss in its fill
   * fence).
   */
  public interface Loads {
    /** The load of {@code text} after a miss stored nothing; fails open. */
    void abandoned(Cache cache, String text);

    /** A call that missed {@code text} joined another call's load: no fill follows its miss. */
    void joined(Cache cache, String text);
  }

  /** The settings of a {@link ProxyBuilder}. */
  public interface Builders {
    /** The backend: the builder's cache, or the default one. */
    Cache cache(ProxyBuilder<?, ?> builder);

    CacheErrorHandler errorHandler(ProxyBuilder<?, ?> builder);

    StatsRecorder statsRecorder(ProxyBuilder<?, ?> builder);

    @Nullable Executor executor(ProxyBuilder<?, ?> builder);

    InvalidationStrategy invalidation(ProxyBuilder<?, ?> builder);
  }

  /**
   * Called once by {@link InMemoryCache}.
   *
   * @param access the accessor
   */
  public static synchronized void registerInMemory(InMemory access) {
    if (inMemory != null) {
      throw new IllegalStateException("already registered");
    }
    inMemory = Objects.requireNonNull(access);
  }

  /**
   * Called once by the Redis cache's class.
   *
   * @param access the accessor
   */
  public static synchronized void registerNear(Near access) {
    if (near != null) {
      throw new IllegalStateException("already registered");
    }
    near = Objects.requireNonNull(access);
  }

  /** The near caches' accessor, or {@code null} while no Redis cache class is initialized. */
  static @Nullable Near near() {
    return near;
  }

  /**
   * Called once by the Redis cache's class.
   *
   * @param access the accessor
   */
  public static synchronized void registerLoads(Loads access) {
    if (loads != null) {
      throw new IllegalStateException("already registered");
    }
    loads = Objects.requireNonNull(access);
  }

  /** Who hears of abandoned loads, or {@code null} while no Redis cache class is initialized. */
  static @Nullable Loads loads() {
    return loads;
  }

  /**
   * Called once by {@link ProxyBuilder}.
   *
   * @param access the accessor
   */
  public static synchronized void registerBuilders(Builders access) {
    if (builders != null) {
      throw new IllegalStateException("already registered");
    }
    builders = Objects.requireNonNull(access);
  }

  /**
   * The key-object entries of {@link InMemoryCache}; for the runtime and its benchmarks.
   *
   * @return the accessor
   */
  public static InMemory inMemory() {
    InMemory access = inMemory;
    if (access == null) {
      // Reading a static field that is not a constant runs InMemoryCache's initializer, which registers.
      Objects.requireNonNull(InMemoryCache.DEFAULT_EXPIRATION);
      access = Objects.requireNonNull(inMemory, "InMemoryCache registered no accessor");
    }
    return access;
  }

  static Builders builders() {
    Builders access = builders;
    if (access == null) {
      throw new IllegalStateException("ProxyBuilder is not initialized");
    }
    return access;
  }
}
