package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The built-in in-memory cache reached under key objects: no text is built on a hit. Used for {@link
 * InMemoryCache} and for subclasses that do not override how entries are read or written (whose
 * overrides proxies must call, with text keys, instead).
 */
final class KeyedBackend extends Backend {

  private static final ClassValue<Boolean> KEYED =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return declaredByInMemoryCache(type.getMethod("get", String.class))
                && declaredByInMemoryCache(type.getMethod("get", String.class, ValueType.class))
                && declaredByInMemoryCache(type.getMethod("set", String.class, Object.class, Duration.class))
                && declaredByInMemoryCache(type.getMethod("delete", String.class));
          } catch (NoSuchMethodException e) {
            return false;
          }
        }
      };

  private static boolean declaredByInMemoryCache(java.lang.reflect.Method method) {
    Class<?> owner = method.getDeclaringClass();
    return owner == InMemoryCache.class || owner == Cache.class;
  }

  static boolean supports(Cache cache) {
    return cache instanceof InMemoryCache && KEYED.get(cache.getClass());
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
  void discard(CachedMethod method, Key key) {
    access.delete(memory, key);
  }

  @Override
  void invalidate(CachedMethod method, Key key) {
    fence.recordKey(key.text());
    access.delete(memory, key);
  }
}
