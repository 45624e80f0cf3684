package dev.lightcache.samples.metrics;

import dev.lightcache.runtime.micrometer.LightcacheMetrics;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.SlowProductStore;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring way, quoted by {@code docs/metrics.md}: the binder is a bean, and Spring Boot (with
 * Actuator) binds every {@link MeterBinder} bean to its registry. {@code MetricsTest} starts it in a
 * plain application context and binds the binders as Boot does.
 */
@Configuration
public class MetricsConfiguration {

  // tag::spring[]
  @Bean
  CachedProductEndpoint products() {
    return CachedProductEndpoint.builder(new SlowProductStore(100, 20))
        .statsRecorder(LightcacheMetrics.timeLoads())
        .build();
  }

  @Bean
  MeterBinder productMetrics(CachedProductEndpoint products) {
    return LightcacheMetrics.of(products)
        .name("products")
        // The tag keys Spring Boot gives the meters of its own caches: one Prometheus family for all.
        .tags("cache.manager", "lightcache", "name", "products");
  }
  // end::spring[]
}
