package dev.lightcache.samples.frameworks.cdi;

import dev.lightcache.runtime.micrometer.LightcacheMetrics;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The CDI recipe, quoted by {@code docs/frameworks.md}, for any CDI 4 container (Quarkus's ArC,
 * Helidon's Weld, ...): a producer of the cached {@link ProductEndpoint} around the application's
 * {@link ProductService}, whose meters it binds to the application's Micrometer registry.
 * {@code ProductsProducerTest} runs it in Weld.
 */
// tag::producer[]
@ApplicationScoped
public class ProductsProducer {

  @Produces
  @ApplicationScoped // a normal scope: clients get a proxy of the return type, so it is the interface
  ProductEndpoint products(ProductService service, MeterRegistry registry) {
    CachedProductEndpoint products = CachedProductEndpoint.wrap(service);
    LightcacheMetrics.of(products).bindTo(registry); // here, where the generated class is at hand
    return products;
  }
}
// end::producer[]
