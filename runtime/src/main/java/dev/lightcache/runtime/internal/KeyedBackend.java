package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.InMemoryCache;
import java.util.concurrent.CompletableFuture;

/**
 * The built-in in-memory cache (and any subclass of it) reached under key objects: no text is built on
 * a hit.
 */
final class KeyedBackend extends Backend {

  /** Every {@link InMemoryCache}, subclasses included: their entry access is final. */
  static boolean supports(Cache cache) {
    return cache instanceof InMemoryCache;
  }

  private final InMemoryCache memory;
  private final InternalAccess.InMemory access = InternalAccess.inMemory();

  KeyedBackend(InMemoryCache cache) {
    super(cache);
    this.memory = cache;
  }

  @Override
  Object read(CachedMethod method, Key key) {
    Object value = access.get(memory, key);
    return value != null ? value : Miss.ABSENT;
  }

  @Override
  void store(CachedMethod method, Key key, Object value, long since) {
    fence.storeIfCurrent(since, key, () -> access.set(memory, key, value, method.expiration()));
  }

  @Override
  CompletableFuture<?> storeAsync(CachedMethod method, Key key, Object value, long since) {
    store(method, key, value, since);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  boolean sharedAcrossProcesses() {
    return false;
  }

  @Override
  boolean keepsObjects() {
    return true;
  }

  @Override
  void discard(CachedMethod method, Key key) {
    access.delete(memory, key);
  }

  @Override
  void invalidate(CachedMethod method, Key key) {
    fence.recordKey(key.text());
    access.delete(memory, key);
  }
}
