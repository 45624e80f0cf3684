package dev.lightcache.samples.frameworks.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Micronaut recipe of docs/frameworks.md in a real application context, with the bean definitions
 * Micronaut's processor wrote at compile time. One context for the class; each test uses its own ids
 * and reads counters as differences.
 */
class ProductsFactoryTest {

  private static final String PRODUCTS = "dev.lightcache.samples.quickstart.ProductEndpoint";

  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    context = ApplicationContext.run();
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void whereAProductEndpointIsInjectedItIsTheGeneratedProxy() {
    assertInstanceOf(CachedProductEndpoint.class, context.getBean(ProductEndpoint.class));
    assertTrue(context.getBeanDefinition(ProductEndpoint.class).isPrimary());
    assertEquals(2, context.getBeansOfType(ProductEndpoint.class).size(), "the delegate is a bean too");
  }

  @Test
  void twoCallsReachTheServiceOnceAndAPostInvalidates() {
    ProductEndpoint products = context.getBean(ProductEndpoint.class);
    ProductService service = context.getBean(ProductService.class);
    int before = service.calls();

    products.get(21);
    products.get(21);
    assertEquals(before + 1, service.calls(), "two calls with one id: one reaches the service");

    products.post(new Product(21, "renamed", 2100));
    assertEquals(before + 2, service.calls());
    assertEquals("renamed", products.get(21).name());
    assertEquals(before + 3, service.calls(), "the post invalidated: the next get reaches the service");
  }

  @Test
  void theFactoryBoundTheMeters() {
    MeterRegistry registry = context.getBean(MeterRegistry.class);
    ProductEndpoint products = context.getBean(ProductEndpoint.class);
    double hits = gets(registry, "hit");
    double misses = gets(registry, "miss");

    products.get(22);
    products.get(22);
    products.get(22);

    assertEquals(hits + 2, gets(registry, "hit"));
    assertEquals(misses + 1, gets(registry, "miss"));
  }

  private static double gets(MeterRegistry registry, String result) {
    return registry.get("cache.gets").tag("cache", PRODUCTS).tag("result", result).functionCounter().count();
  }
}
