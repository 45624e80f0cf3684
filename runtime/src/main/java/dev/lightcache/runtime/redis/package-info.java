/**
 * The Redis backend: {@link dev.lightcache.runtime.redis.DefaultRedisCache}, a {@link
 * dev.lightcache.runtime.Cache} shared by every process that uses the same Redis.
 *
 * <h2>Using it</h2>
 *
 * <p>Add {@code redis.clients:jedis} and {@code com.fasterxml.jackson.core:jackson-databind} (with
 * {@code jackson-datatype-jsr310} and {@code jackson-datatype-jdk8}) to the application: they are
 * optional dependencies of {@code lightcache-runtime}. Then name the cache on an endpoint,
 * {@code @Cached(cache = DefaultRedisCache.class)}, which connects to {@code $LIGHTCACHE_REDIS_URL}
 * (else the system property {@code lightcache.redis.url}, else {@code redis://localhost:6379}); or build
 * one and pass it to the proxy:
 *
 * <pre>{@code
 * RedisCacheConfig config = RedisCacheConfig.builder()
 *     .prefix("shop:")
 *     .defaultExpiration(Duration.ofMinutes(10))
 *     .build();
 * DefaultRedisCache cache = new DefaultRedisCache("redis://app:secret@redis.internal:6379/2", config);
 * ProductEndpoint products = CachedProductEndpoint.wrap(new HttpProductEndpoint(), cache);
 * }</pre>
 *
 * <h2>What it guarantees</h2>
 *
 * <ul>
 *   <li><b>Keys</b>: every entry lives under the configured prefix ({@code lightcache:} by default),
 *       followed by the proxy's readable key, so {@code redis-cli --scan --pattern
 *       'lightcache:com.acme.ProductEndpoint:*'} lists one endpoint's entries.
 *   <li><b>Expiry</b>: every entry is written with {@code SET ... PX}; none lives forever.
 *   <li><b>Types</b>: values are JSON ({@link dev.lightcache.runtime.redis.JacksonCodec}) decoded to the
 *       exact declared type, generics included, without the JSON ever naming a class. Another format
 *       is a {@link dev.lightcache.runtime.redis.CacheCodec} away.
 *   <li><b>Invalidation</b>: {@code invalidatePrefix} removes one endpoint's or one method's entries for
 *       all processes at once, by {@code SCAN MATCH} and {@code UNLINK}; {@code flush} removes the
 *       cache's prefix only. Reads stay one round trip.
 *   <li><b>A write wins across processes</b>: a fill whose miss came before an invalidation from any
 *       process is not stored (a counter and a log of the last 10,000 invalidations in Redis).
 *   <li><b>Failures</b>: nothing throws because of Redis. Failed reads are misses, corrupt entries are
 *       misses that get deleted, failed writes are logged and counted; connect and read timeouts are
 *       bounded (2 s and 1 s by default) and a circuit breaker skips a dead Redis entirely until the
 *       cache's timer finds it answering {@code PING} again. Invalidations that could not be
 *       delivered are delivered by that timer once Redis answers, and reads of the keys they cover
 *       are misses until then.
 *   <li><b>Size</b>: values over {@code maxValueBytes} (1 MiB) are neither stored nor read.
 * </ul>
 *
 * <p>{@code docs/redis.md} explains the configuration, the key layout, the invalidation design and the
 * failure behaviour in full; {@code docs/custom-caching.md} shows how to extend the cache or write
 * another backend.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.lightcache.runtime.redis;

import org.jspecify.annotations.NullMarked;
