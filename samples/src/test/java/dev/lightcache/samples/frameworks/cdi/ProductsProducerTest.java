package dev.lightcache.samples.frameworks.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.CachingProxy;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.UnproxyableResolutionException;
import jakarta.enterprise.inject.spi.Bean;
import java.util.Set;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.proxy.WeldClientProxy;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CDI recipe of docs/frameworks.md in a real CDI 4.1 container: Weld, the reference implementation
 * (Helidon's container), discovering the recipe's package in annotated mode as Quarkus and Helidon do.
 * One container for the class; each test uses its own ids and reads counters as differences.
 */
class ProductsProducerTest {

  private static final String PRODUCTS = "dev.lightcache.samples.quickstart.ProductEndpoint";

  private static WeldContainer container;

  @BeforeAll
  static void start() {
    container =
        new Weld("products-producer-test")
            .disableDiscovery()
            .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
            .addPackage(false, ProductsProducer.class)
            .addBeanClass(Registry.class)
            .initialize();
  }

  @AfterAll
  static void stop() {
    if (container != null) {
      container.shutdown();
    }
  }

  @Test
  void theOneProductEndpointIsTheProducedProxy() {
    Instance<ProductEndpoint> instance = container.select(ProductEndpoint.class);
    assertTrue(instance.isResolvable(), "one bean: the delegate is no ProductEndpoint bean");
    Bean<?> bean = instance.getHandle().getBean();
    assertEquals(Set.of(ProductEndpoint.class, Object.class), bean.getTypes());
    assertEquals(ApplicationScoped.class, bean.getScope());
    assertEquals(ProductsProducer.class, bean.getBeanClass());

    // A normal scope: what is injected is the container's client proxy of the interface, whose
    // contextual instance is the generated proxy.
    ProductEndpoint products = instance.get();
    assertFalse(products instanceof CachingProxy);
    Object contextual = ((WeldClientProxy) products).getMetadata().getContextualInstance();
    assertInstanceOf(CachedProductEndpoint.class, contextual);
  }

  @Test
  void twoCallsReachTheServiceOnceAndAPostInvalidates() {
    ProductEndpoint products = container.select(ProductEndpoint.class).get();
    ProductService service = container.select(ProductService.class).get();
    int before = service.calls();

    products.get(11);
    products.get(11);
    assertEquals(before + 1, service.calls(), "two calls with one id: one reaches the service");

    products.post(new Product(11, "renamed", 1100));
    assertEquals(before + 2, service.calls());
    assertEquals("renamed", products.get(11).name());
    assertEquals(before + 3, service.calls(), "the post invalidated: the next get reaches the service");
  }

  @Test
  void theProducerBoundTheMeters() {
    MeterRegistry registry = container.select(MeterRegistry.class).get();
    ProductEndpoint products = container.select(ProductEndpoint.class).get();
    double hits = gets(registry, "hit");
    double misses = gets(registry, "miss");

    products.get(12);
    products.get(12);
    products.get(12);

    assertEquals(hits + 2, gets(registry, "hit"));
    assertEquals(misses + 1, gets(registry, "miss"));
  }

  /**
   * Why the recipe's producer returns the interface: under a normal scope, every lookup goes through a
   * client proxy of the type asked for, and none can be made of the generated class (final). Weld
   * deploys a producer typed with that class, and fails when the class is asked for.
   */
  @Test
  void underANormalScopeTheGeneratedClassIsUnproxyable() {
    try (WeldContainer other =
        new Weld("final-class-producer")
            .disableDiscovery()
            .setBeanDiscoveryMode(BeanDiscoveryMode.ALL)
            .addBeanClasses(ProductService.class, FinalClassProducer.class)
            .initialize()) {
      Instance<CachedProductEndpoint> products = other.select(CachedProductEndpoint.class);
      assertThrows(UnproxyableResolutionException.class, products::get);
    }
  }

  private static double gets(MeterRegistry registry, String result) {
    return registry.get("cache.gets").tag("cache", PRODUCTS).tag("result", result).functionCounter().count();
  }

  /** The recipe's producer, but typed with the generated class (no bean-defining annotation: added by hand). */
  static class FinalClassProducer {
    @Produces
    @ApplicationScoped
    CachedProductEndpoint products(ProductService service) {
      return CachedProductEndpoint.wrap(service);
    }
  }

  /** The application's Micrometer registry, as Quarkus's Micrometer extension provides one. */
  @Dependent
  static class Registry {
    private static final MeterRegistry REGISTRY = new SimpleMeterRegistry();

    @Produces
    MeterRegistry registry() {
      return REGISTRY;
    }
  }
}
