package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The near cache of a {@link DefaultRedisCache}, when its settings turn it on: the first level
 * ({@link NearCache}), the channel its invalidations are published on ({@link InvalidationChannel},
 * hooked into the {@link Invalidator}) and the subscription that keeps it coherent ({@link
 * NearSubscriber}). What the cache calls, in the order of a read: {@link #hit}, {@link #stamp} before
 * the Redis read, {@link #offer} after a decoded Redis hit; {@link #invalidate} after each
 * invalidation's delivery, {@link #dropKey} after a {@code set}. Thread-safe.
 */
final class NearLevel {

  private final NearCache near;
  private final NearSubscriber subscriber;
  private final RedisGuard guard;

  private NearLevel(NearCache near, NearSubscriber subscriber, RedisGuard guard) {
    this.near = near;
    this.subscriber = subscriber;
    this.guard = guard;
  }

  /** The near cache of these settings, or {@code null} when they leave it off. */
  static @Nullable NearLevel of(
      RedisCacheConfig config,
      RedisConnection connection,
      Invalidator invalidator,
      RedisGuard guard,
      String target) {
    if (!config.nearCacheEnabled()) {
      return null;
    }
    InvalidationChannel channel = new InvalidationChannel(config.prefix());
    invalidator.listenWith(channel); // each delivered invalidation is published
    NearCache near =
        NearCache.create(config.nearCacheMaxEntries(), config.nearCacheMaxStaleness().toNanos());
    NearSubscriber subscriber =
        new NearSubscriber(
            connection::client,
            channel,
            near,
            guard::allows,
            config.readTimeout(),
            target,
            connection.owned());
    return new NearLevel(near, subscriber, guard);
  }

  /** A near hit, or {@code null}: bypassed while the breaker is not closed (or the cache is closed). */
  <T> @Nullable T hit(String key, ValueType<T> type) {
    if (!guard.allows()) {
      return null;
    }
    T found = near.get(key, type);
    if (found == null) {
      subscriber.start(); // the first read subscribes
    }
    return found;
  }

  /** A near hit by a proxy's key object (no key text built), or {@code null}. */
  @Nullable Object hitByKeyObject(Object keyObject, ValueType<?> type) {
    return guard.allows() ? near.getByKeyObject(keyObject, type) : null;
  }

  /** After a read by text returned a value: the next read by {@code keyObject} finds its entry. */
  void link(Object keyObject, String key) {
    near.link(keyObject, key);
  }

  /** Taken before the Redis read: the local fence of the near fill that may follow. */
  NearCache.Stamp stamp(String key) {
    return near.stamp(key);
  }

  /** Offers a value decoded from a Redis hit; refused if an invalidation came after the stamp. */
  void offer(String key, ValueType<?> type, Object value, NearCache.Stamp stamp) {
    near.offer(key, type, value, stamp);
  }

  /** After a {@code set}: no older value of this process's near cache survives it. */
  void dropKey(String key) {
    near.invalidateKey(key);
  }

  /** After an invalidation was delivered to Redis (or remembered): a near fill that read before is refused. */
  void invalidate(Item item) {
    near.invalidate(item);
  }

  long hitCount() {
    return near.hitCount();
  }

  /** Ends the subscription within a quarter of the close timeout, at most 1 s. */
  void close(long startNanos, long timeoutNanos) {
    subscriber.close(startNanos + Math.min(timeoutNanos / 4, TimeUnit.SECONDS.toNanos(1)));
  }

  NearCache cache() {
    return near;
  }

  NearSubscriber subscriber() {
    return subscriber;
  }
}
