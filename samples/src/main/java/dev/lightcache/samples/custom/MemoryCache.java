package dev.lightcache.samples.custom;

import dev.lightcache.runtime.Cache;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The seed's "creating a new backend" example: a complete {@link Cache} in four methods, over a
 * {@link ConcurrentHashMap} with per-entry expiration.
 *
 * <p>A teaching example: it has no size bound. Applications use the built-in {@code InMemoryCache},
 * which is bounded and faster. Its public no-argument constructor lets an endpoint name it with
 * {@code @Cached(cache = MemoryCache.class)}.
 *
 * <p>Thread-safe. Keys and values are never null.
 */
// tag::class[]
public class MemoryCache implements Cache {

  private static final Duration DEFAULT_EXPIRATION = Duration.ofMinutes(5);

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicInteger writes = new AtomicInteger();

  @Override
  public @Nullable Object get(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (entry.isExpired()) {
      entries.remove(key, entry); // only if no one stored a fresh value meanwhile
      return null;
    }
    return entry.value();
  }

  @Override
  public void set(String key, Object value, @Nullable Duration expiration) {
    Duration ttl = expiration != null ? expiration : DEFAULT_EXPIRATION; // always expire
    entries.put(key, new Entry(value, System.nanoTime() + ttl.toNanos()));
    if (writes.incrementAndGet() % 1024 == 0) {
      entries.values().removeIf(Entry::isExpired); // entries nobody reads again must go too
    }
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public void flush() {
    entries.clear();
  }

  private record Entry(Object value, long expiresAtNanos) {
    boolean isExpired() {
      return System.nanoTime() - expiresAtNanos >= 0;
    }
  }
}
// end::class[]
