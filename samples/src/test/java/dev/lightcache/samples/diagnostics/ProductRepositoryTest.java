package dev.lightcache.samples.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightcache.samples.quickstart.Product;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fix docs/diagnostics.md gives for [LC_GENERIC_INTERFACE] compiles, and caches the inherited method. */
class ProductRepositoryTest {

  @Test
  void theInheritedMethodIsCached() {
    AtomicInteger calls = new AtomicInteger();
    ProductRepository store =
        id -> {
          calls.incrementAndGet();
          return new Product(id, "product-" + id, 100 * id);
        };
    CachedProductRepository products = CachedProductRepository.wrap(store);

    assertEquals("product-7", products.get(7).name());
    assertEquals("product-7", products.get(7).name());
    assertEquals(1, calls.get(), "the second call is a hit");
    assertEquals(1, products.stats().hits(), products.stats().toString());
  }
}
