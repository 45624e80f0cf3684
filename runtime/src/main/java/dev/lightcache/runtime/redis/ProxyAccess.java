package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.internal.InternalAccess;
import dev.lightcache.runtime.internal.Key;
import org.jspecify.annotations.Nullable;

/**
 * What generated proxies reach in a {@link DefaultRedisCache} past the {@link Cache} SPI, registered
 * with {@link InternalAccess} once, when that class is initialized (so the runtime's internal package
 * never names a class that needs Jedis):
 *
 * <ul>
 *   <li>the near cache by the proxy's key object, without building the key's text, only when the cache
 *       is exactly {@code DefaultRedisCache}: a subclass's {@code get} override sees every read;
 *   <li>a load after a miss that stored nothing (it threw, its result is not cached, a write overtook
 *       it): the lease goes at once, so other processes do not wait for it to expire.
 * </ul>
 */
final class ProxyAccess {

  private ProxyAccess() {}

  static void register() {
    InternalAccess.registerNear(
        new InternalAccess.Near() {
          @Override
          public @Nullable Object get(Cache cache, Key key, ValueType<?> type) {
            NearLevel level = exactNear(cache);
            return level == null ? null : level.hitByKeyObject(key, type);
          }

          @Override
          public void link(Cache cache, Key key, String text) {
            NearLevel level = exactNear(cache);
            if (level != null) {
              level.link(key, text);
            }
          }
        });
    InternalAccess.registerLoads(
        new InternalAccess.Loads() {
          @Override
          public void abandoned(Cache cache, String text) {
            if (cache instanceof DefaultRedisCache redis) {
              redis.abandoned(text);
            }
          }

          @Override
          public void joined(Cache cache, String text) {
            if (cache instanceof DefaultRedisCache redis) {
              redis.joined(text);
            }
          }
        });
  }

  private static @Nullable NearLevel exactNear(Cache cache) {
    return cache.getClass() == DefaultRedisCache.class ? ((DefaultRedisCache) cache).nearLevel() : null;
  }
}
