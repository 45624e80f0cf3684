/**
 * Lightcache's runtime: the {@code Cache} SPI and {@code InMemoryCache} ({@code dev.lightcache.runtime}),
 * the Redis backend ({@code dev.lightcache.runtime.redis}), the Micrometer binders
 * ({@code dev.lightcache.runtime.micrometer}), and the support that generated proxies call
 * ({@code dev.lightcache.runtime.internal}).
 *
 * <p>Only Caffeine is required. Every other library is optional, {@code requires static}: a module that
 * uses the part that needs one requires that library itself, which also brings it into the module graph
 * at run time. For Redis: {@code redis.clients.jedis} and {@code com.fasterxml.jackson.databind} (the
 * Jackson {@code java.time} and {@code Optional} modules come with databind, as its service providers),
 * and the module's cached value types opened to {@code com.fasterxml.jackson.databind}. For metrics:
 * {@code micrometer.core}. For reactive returns: the library the interface returns ({@code reactor.core},
 * {@code io.smallrye.mutiny}, {@code io.reactivex.rxjava3}, {@code io.reactivex.rxjava2},
 * {@code org.reactivestreams}). {@code docs/reference.md} ("The module path") says the same.
 */
module dev.lightcache.runtime {
  requires com.github.benmanes.caffeine;
  requires static transitive org.jspecify;

  requires static redis.clients.jedis;
  requires static com.fasterxml.jackson.databind;
  requires static com.fasterxml.jackson.datatype.jsr310;
  requires static com.fasterxml.jackson.datatype.jdk8;
  requires static micrometer.core;
  requires static reactor.core;
  requires static io.smallrye.mutiny;
  requires static io.reactivex.rxjava3;
  requires static io.reactivex.rxjava2;
  requires static org.reactivestreams;

  exports dev.lightcache.runtime;
  exports dev.lightcache.runtime.redis;
  exports dev.lightcache.runtime.micrometer;
  // Called by generated proxies, which live in their users' modules. Not an API: it changes without
  // notice, and javadoc leaves it out.
  exports dev.lightcache.runtime.internal;
  exports dev.lightcache.runtime.internal.reactive;
}
