package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheOperation;
import dev.lightcache.runtime.InMemoryCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * How one proxy reaches its {@link Cache}: under key objects for the built-in in-memory cache
 * ({@link KeyedBackend}), under text keys, failing open, for every other backend ({@link
 * TextBackend}). Every write is fenced ({@link WriteFence}) and every invalidation recorded in the
 * fence before it is carried out.
 */
abstract class Backend {

  /** Told about backend failures, so that they are counted and handed to the error handler. */
  @FunctionalInterface
  interface Failures {
    void failed(int index, String signature, CacheOperation operation, String key, RuntimeException error);

    default void failed(CachedMethod method, CacheOperation operation, String key, RuntimeException error) {
      failed(method.index(), method.signature(), operation, key, error);
    }
  }

  final Cache cache;
  final WriteFence fence;

  Backend(Cache cache) {
    this.cache = cache;
    this.fence = WriteFence.of(cache);
  }

  /**
   * The backend of a proxy over {@code cache}.
   *
   * @param executor where async reads and writes run, or {@code null}
   */
  static Backend over(Cache cache, Failures failures, @Nullable Executor executor) {
    return KeyedBackend.supports(cache)
        ? new KeyedBackend((InMemoryCache) cache)
        : new TextBackend(cache, failures, executor);
  }

  /**
   * The stored value ({@link dev.lightcache.runtime.NullValue#INSTANCE} for a cached null), or a
   * {@link Miss}.
   */
  abstract Object read(CachedMethod method, Key key);

  /** Stores a loaded value, unless an invalidation since {@code since} covers the key. */
  abstract void store(CachedMethod method, Key key, Object value, long since);

  /**
   * {@link #store} without waiting for the backend.
   *
   * @return completes when the store is over (done, refused, failed, or removed again)
   */
  abstract CompletableFuture<?> storeAsync(CachedMethod method, Key key, Object value, long since);

  /**
   * Whether other processes may invalidate this backend's entries without this process's fence
   * seeing it: then a call that joined a load confirms its value by reading the backend again.
   */
  abstract boolean sharedAcrossProcesses();

  /**
   * Whether values are kept as the objects they are: a response with its status and headers comes
   * back as it was stored. A text backend may serialise values, so it does not promise that.
   */
  abstract boolean keepsObjects();

  /**
   * A load that followed a miss of {@code key} ends without storing anything: it threw, its result is
   * not cached, or an invalidation overtook it. A backend that holds something for the fill that was
   * expected (a load lease other processes wait on) lets it go now. Never throws.
   */
  void abandon(CachedMethod method, Key key) {}

  /**
   * A call that missed {@code key} joined another call's load of it instead of loading: no fill will
   * follow its miss (the load it joined fills, or abandons, for itself). A backend that remembers each
   * miss for the fill after it (the Redis cache's fill fence) forgets this one now. Never throws.
   */
  void joined(CachedMethod method, Key key) {}

  /** Removes an entry that must not be read again (corrupt, or of the wrong shape). */
  abstract void discard(CachedMethod method, Key key);

  /** Invalidates one entry: recorded in the fence, then deleted; throws what the backend throws. */
  abstract void invalidate(CachedMethod method, Key key);

  /**
   * Invalidates every entry under a text prefix: recorded in the fence, then removed; throws what the
   * backend throws.
   */
  final void invalidatePrefix(String prefix) {
    fence.recordPrefix(prefix);
    cache.invalidatePrefix(prefix);
  }
}
