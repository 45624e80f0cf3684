/**
 * Micrometer meters for caching proxies ({@link dev.lightcache.runtime.micrometer.LightcacheMetrics})
 * and for the Redis backend ({@link dev.lightcache.runtime.micrometer.RedisCacheMetrics}).
 *
 * <p>{@code io.micrometer:micrometer-core} is an optional dependency of {@code lightcache-runtime}: an
 * application that uses this package adds it (a Spring Boot application with Actuator already has it).
 * No class outside this package refers to Micrometer, so the rest of the runtime loads and works
 * without it.
 *
 * <p>The proxies' meters have the names, types and tags of Micrometer's own cache binders ({@code
 * cache.gets}, {@code cache.puts}, {@code cache.load}, {@code cache.load.duration}, {@code cache.size},
 * {@code cache.evictions}, tagged {@code cache}), so a dashboard made for Caffeine or JCache caches shows
 * them unchanged; Lightcache's own meters are named {@code lightcache.*}. {@code docs/metrics.md} lists
 * them all, with example queries.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.lightcache.runtime.micrometer;

import org.jspecify.annotations.NullMarked;
