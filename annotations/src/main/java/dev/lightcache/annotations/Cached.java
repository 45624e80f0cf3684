package dev.lightcache.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the annotation processor generate a caching proxy for an endpoint interface.
 *
 * <p>On an interface {@code com.acme.ProductEndpoint}, the processor writes {@code
 * com.acme.CachedProductEndpoint}: a class that implements the interface, wraps any implementation of
 * it ({@code CachedProductEndpoint.wrap(delegate)}) and caches the methods whose HTTP verb is in {@link
 * #methods()}. Methods whose verb is POST, PUT, PATCH or DELETE and not in {@code methods} invalidate the
 * endpoint's entries; everything else is delegated unchanged.
 *
 * <p>On a method, it caches that method whatever its verb, and its values override the interface's.
 * An interface with at least one {@code @Cached} method gets a proxy even when the interface itself is
 * not annotated.
 *
 * <p>Every value is checked at compile time; a misuse is a compile error on the element at fault.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Cached {

  /**
   * The backend used when the proxy is created without an explicit cache ({@code wrap(delegate)}).
   *
   * <p>Must be a public concrete class implementing {@code dev.lightcache.runtime.Cache} with a public
   * no-arg constructor. The default, {@code Cached.class}, stands for the built-in {@code
   * dev.lightcache.runtime.InMemoryCache}. On a method, only the interface-level value is used to build
   * the proxy's cache; a method-level value other than the default is a compile error.
   *
   * @return the backend class, or {@code Cached.class} for the built-in in-memory cache
   */
  Class<?> cache() default Cached.class;

  /**
   * The HTTP verbs whose calls are cached, such as {@code {"GET", "HEAD"}}.
   *
   * @return the cached verbs; never empty, each one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS
   */
  String[] methods() default {"GET"};

  /**
   * Time to live of each entry, in seconds. Must be greater than 0: every entry expires.
   *
   * @return the expiration in seconds
   */
  long expirationSeconds() default 300;

  /**
   * First part of every key of this endpoint. The default, {@code ""}, stands for the interface's
   * qualified name.
   *
   * @return the namespace
   */
  String namespace() default "";

  /**
   * Part of every key. Bump it when the shape of the cached types changes, so that entries written by an
   * older version are never decoded into the new shape.
   *
   * @return the version of the cached data
   */
  int version() default 1;

  /**
   * Whether {@code null} results and empty {@code Optional}s are cached. A miss and a cached null stay
   * distinguishable either way.
   *
   * @return {@code true} to cache nulls
   */
  boolean cacheNulls() default false;

  /**
   * The strategy that decides what a write invalidates. Must be a public concrete class implementing
   * {@code dev.lightcache.runtime.InvalidationStrategy} with a public no-arg constructor. The default,
   * {@code Cached.class}, stands for the built-in strategy: a write invalidates every entry of the
   * endpoint, an {@code @Invalidates} method what it names.
   *
   * @return the strategy class, or {@code Cached.class} for the built-in strategy
   */
  Class<?> invalidation() default Cached.class;
}
