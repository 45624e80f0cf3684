/**
 * The run-time half of Lightcache: the {@link dev.lightcache.runtime.Cache} SPI that every backend
 * implements, the default {@link dev.lightcache.runtime.InMemoryCache}, and the types a user meets on a
 * generated proxy ({@link dev.lightcache.runtime.CachingProxy}, {@link dev.lightcache.runtime.CacheStats},
 * {@link dev.lightcache.runtime.ProxyBuilder}, {@link dev.lightcache.runtime.CacheErrorHandler}, {@link
 * dev.lightcache.runtime.InvalidationStrategy}).
 *
 * <p>Nothing in this package reads annotations or reflects on classes: generated proxies describe their
 * methods with constants written at compile time. Classes in {@code dev.lightcache.runtime.internal} are
 * called only by generated code and may change between releases.
 *
 * <p>Everything here is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.lightcache.runtime;

import org.jspecify.annotations.NullMarked;
