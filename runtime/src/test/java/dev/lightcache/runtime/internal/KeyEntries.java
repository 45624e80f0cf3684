package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.InMemoryCache;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** For tests: the key-object entries of an {@link InMemoryCache}, as generated proxies reach them. */
public final class KeyEntries {

  private KeyEntries() {}

  public static @Nullable Object get(InMemoryCache cache, Key key) {
    return InternalAccess.inMemory().get(cache, key);
  }

  @SuppressWarnings("NullAway")
  public static void set(InMemoryCache cache, Key key, Object value, @Nullable Duration expiration) {
    InternalAccess.inMemory().set(cache, key, value, expiration);
  }

  public static void delete(InMemoryCache cache, Key key) {
    InternalAccess.inMemory().delete(cache, key);
  }
}
