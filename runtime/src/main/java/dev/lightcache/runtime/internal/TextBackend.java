package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheOperation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Any {@link Cache} reached with the text keys of its contract, failing open: a read that throws is a
 * miss whose result is not stored (one backend timeout per call at most), a write or delete that throws
 * is reported and the call goes on.
 *
 * <p>Writes may block on I/O, so they are not run under the fence's lock: a load stores, then checks
 * whether an invalidation covering its key was recorded since it started, and deletes what it stored if
 * so (the entry is "removed at once").
 */
final class TextBackend extends Backend {

  private final Failures failures;
  private final @Nullable Executor executor;

  TextBackend(Cache cache, Failures failures, @Nullable Executor executor) {
    super(cache);
    this.failures = failures;
    this.executor = executor;
  }

  @Override
  Object read(CachedMethod method, Key key) {
    InternalAccess.Near near = InternalAccess.near();
    if (near != null) {
      Object nearHit = near.get(cache, key, method.valueType()); // no key text built
      if (nearHit != null) {
        return nearHit;
      }
    }
    String text = key.text();
    Object value;
    try {
      value = cache.get(text, method.valueType());
    } catch (RuntimeException e) {
      failures.failed(method, CacheOperation.GET, text, e);
      return Miss.UNREADABLE;
    }
    if (value == null) {
      return Miss.ABSENT;
    }
    if (near != null) {
      near.link(cache, key, text);
    }
    return value;
  }

  @Override
  void store(CachedMethod method, Key key, Object value, long since) {
    if (fence.invalidatedSince(since, key)) {
      abandon(method, key);
      return;
    }
    String text = key.text();
    try {
      cache.set(text, value, method.expiration());
    } catch (RuntimeException e) {
      failures.failed(method, CacheOperation.SET, text, e);
      return;
    }
    removeIfInvalidated(method, key, text, since);
  }

  @Override
  CompletableFuture<?> storeAsync(CachedMethod method, Key key, Object value, long since) {
    if (fence.invalidatedSince(since, key)) {
      abandon(method, key);
      return CompletableFuture.completedFuture(null);
    }
    if (executor != null) {
      try {
        return CompletableFuture.runAsync(() -> store(method, key, value, since), executor);
      } catch (RuntimeException e) {
        failures.failed(method, CacheOperation.SET, key.text(), e);
        return CompletableFuture.completedFuture(null);
      }
    }
    String text = key.text();
    CompletionStage<?> stage;
    try {
      stage = cache.setAsync(text, value, method.expiration());
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage
        .handle(
            (ignored, error) -> {
              if (error != null) {
                failures.failed(method, CacheOperation.SET, text, unwrap(error));
              } else {
                removeIfInvalidated(method, key, text, since);
              }
              return null;
            })
        .toCompletableFuture();
  }

  /** A text backend may be shared by other processes (Redis) whose invalidations only it sees. */
  @Override
  boolean keepsObjects() {
    return false;
  }

  @Override
  boolean sharedAcrossProcesses() {
    return true;
  }

  private void removeIfInvalidated(CachedMethod method, Key key, String text, long since) {
    if (fence.invalidatedSince(since, key)) {
      delete(method, text);
    }
  }

  @Override
  void abandon(CachedMethod method, Key key) {
    tell(method, key, CacheOperation.DELETE, InternalAccess.Loads::abandoned);
  }

  @Override
  void joined(CachedMethod method, Key key) {
    tell(method, key, CacheOperation.GET, InternalAccess.Loads::joined);
  }

  /** Tells the cache's class (if it listens) that a miss of {@code key} is not followed by a fill. */
  private void tell(CachedMethod method, Key key, CacheOperation operation, LoadEvent event) {
    InternalAccess.Loads loads = InternalAccess.loads();
    if (loads == null) {
      return;
    }
    try {
      event.tell(loads, cache, key.text());
    } catch (RuntimeException e) {
      failures.failed(method, operation, key.text(), e);
    }
  }

  /** One of {@link InternalAccess.Loads}'s methods. */
  private interface LoadEvent {
    void tell(InternalAccess.Loads loads, Cache cache, String text);
  }

  @Override
  void discard(CachedMethod method, Key key) {
    delete(method, key.text());
  }

  @Override
  void invalidate(CachedMethod method, Key key) {
    String text = key.text();
    fence.recordKey(text);
    cache.delete(text); // a failure is the invalidating call's to report
  }

  private void delete(CachedMethod method, String text) {
    try {
      cache.delete(text);
    } catch (RuntimeException e) {
      failures.failed(method, CacheOperation.DELETE, text, e);
    }
  }

  static RuntimeException unwrap(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof RuntimeException re ? re : new CompletionException(cause);
  }
}
