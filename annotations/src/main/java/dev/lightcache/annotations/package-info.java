/**
 * The annotations a user writes on an endpoint interface to make Lightcache generate a caching proxy.
 *
 * <ul>
 *   <li>{@link dev.lightcache.annotations.Cached} on an interface (or one of its methods) makes the
 *       annotation processor write {@code Cached<Interface>}, a class that implements the interface,
 *       wraps any implementation of it and caches the calls whose HTTP verb is in {@link
 *       dev.lightcache.annotations.Cached#methods()}.
 *   <li>{@link dev.lightcache.annotations.NotCached} turns caching and invalidation off for one method.
 *   <li>{@link dev.lightcache.annotations.CacheKey} picks the parameters that form a method's key.
 *   <li>{@link dev.lightcache.annotations.Invalidates} makes a method drop entries after it returns.
 * </ul>
 *
 * <p>All four are retained in class files only ({@link java.lang.annotation.RetentionPolicy#CLASS}): they
 * are read at compile time and never at run time, so this artifact has no dependencies and nothing reads
 * them by reflection.
 */
package dev.lightcache.annotations;
