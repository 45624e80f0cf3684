package dev.lightcache.samples.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.SlowProductStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** The samples of docs/metrics.md, run: the meters they bind count what the calls did. */
class MetricsTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final String NAMESPACE = "dev.lightcache.samples.quickstart.ProductEndpoint";

  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void aProxysMeters() {
    CachedProductEndpoint products = Metrics.bind(registry, new SlowProductStore(10, 5));
    products.get(1);
    products.get(1);
    products.list(0);
    products.post(new Product(1, "renamed", 1));

    assertEquals(1, counter("cache.gets", "cache", NAMESPACE, "result", "hit"));
    assertEquals(2, counter("cache.gets", "cache", NAMESPACE, "result", "miss"));
    assertEquals(2, counter("cache.load", "cache", NAMESPACE, "result", "success"));
    assertEquals(1, counter("lightcache.invalidations", "cache", NAMESPACE));
    assertEquals(0, registry.get("cache.size").tag("cache", NAMESPACE).gauge().value());
    double loading = registry.get("cache.load.duration").timeGauge().value(TimeUnit.MILLISECONDS);
    assertTrue(loading >= 10, "two loads of 5 ms: " + loading);
  }

  @Test
  void perMethod() {
    CachedProductEndpoint products = CachedProductEndpoint.wrap(new SlowProductStore(10, 0));
    Metrics.bindPerMethod(registry, products);
    products.get(1);
    products.get(1);
    products.list(0);

    assertEquals(1, counter("cache.gets", "cache", "products", "team", "catalogue", "method", "get(long)",
        "result", "hit"));
    assertEquals(1, counter("cache.gets", "cache", "products", "method", "list(int)", "result", "miss"));
  }

  @Test
  void aRedisCachesMeters() {
    try (DefaultRedisCache cache =
        new DefaultRedisCache(redis.url(), RedisCacheConfig.builder().prefix("metrics-sample:").build())) {
      Metrics.bindRedis(registry, cache);
      CachedProductEndpoint products = CachedProductEndpoint.wrap(new SlowProductStore(10, 0), cache);
      products.invalidateAll();
      products.get(1);
      products.get(1);

      assertEquals(1, counter("lightcache.redis.gets", "prefix", "metrics-sample:", "result", "hit"));
      assertEquals(
          1, registry.get("lightcache.redis.circuit.state").tag("state", "closed").gauge().value());
    }
  }

  /** What Spring Boot does with the configuration's MeterBinder beans: binds each to its registry. */
  @Test
  void springBeans() {
    try (AnnotationConfigApplicationContext context =
        new AnnotationConfigApplicationContext(MetricsConfiguration.class)) {
      context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(registry));
      CachedProductEndpoint products = context.getBean(CachedProductEndpoint.class);
      products.get(1);
      products.get(1);

      assertEquals(1, counter("cache.gets", "cache", "products", "cache.manager", "lightcache", "name",
          "products", "result", "hit"));
    }
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }
}
