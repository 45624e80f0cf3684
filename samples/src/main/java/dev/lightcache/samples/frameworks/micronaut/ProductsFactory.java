package dev.lightcache.samples.frameworks.micronaut;

import dev.lightcache.runtime.micrometer.LightcacheMetrics;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;

/**
 * The Micronaut recipe, quoted by {@code docs/frameworks.md}: a factory of the cached {@link
 * ProductEndpoint} around the application's {@link ProductService}, whose meters it binds to the
 * application's Micrometer registry. {@code ProductsFactoryTest} runs it in an application context.
 */
// tag::factory[]
@Factory
public class ProductsFactory {

  @Singleton
  @Primary // ProductService is a ProductEndpoint too: where one is injected, this one is
  ProductEndpoint products(ProductService service, MeterRegistry registry) { // the delegate by its class
    CachedProductEndpoint products = CachedProductEndpoint.wrap(service);
    LightcacheMetrics.of(products).bindTo(registry);
    return products;
  }
}
// end::factory[]
