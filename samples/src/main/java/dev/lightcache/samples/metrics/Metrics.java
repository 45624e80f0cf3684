package dev.lightcache.samples.metrics;

import dev.lightcache.runtime.micrometer.LightcacheMetrics;
import dev.lightcache.runtime.micrometer.RedisCacheMetrics;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.SlowProductStore;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Micrometer bindings quoted by {@code docs/metrics.md}: a proxy's meters, the same per method, and
 * a Redis cache's own. {@code MetricsTest} runs them against a {@code SimpleMeterRegistry}.
 */
public final class Metrics {

  private Metrics() {}

  /** A proxy whose meters, load time included, are in {@code registry}. */
  public static CachedProductEndpoint bind(MeterRegistry registry, SlowProductStore store) {
    // tag::bind[]
    CachedProductEndpoint products =
        CachedProductEndpoint.builder(store)
            .statsRecorder(LightcacheMetrics.timeLoads()) // optional: times loads for cache.load.duration
            .build();
    LightcacheMetrics.of(products).bindTo(registry);
    // end::bind[]
    return products;
  }

  /** The proxy's meters per method, under a shorter name and a tag of the application's. */
  public static void bindPerMethod(MeterRegistry registry, CachedProductEndpoint products) {
    // tag::per-method[]
    LightcacheMetrics.of(products)
        .name("products")           // the cache tag; the endpoint's namespace by default
        .tags("team", "catalogue")  // on every meter
        .perMethod()                // a method tag: get(long), list(int), post(Product), ...
        .bindTo(registry);
    // end::per-method[]
  }

  /** The meters of a Redis cache that several proxies share: bound once. */
  public static void bindRedis(MeterRegistry registry, DefaultRedisCache cache) {
    // tag::redis[]
    RedisCacheMetrics.of(cache).bindTo(registry);
    // end::redis[]
  }
}
