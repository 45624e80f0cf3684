package dev.lightcache.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.CachingProxy;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import dev.lightcache.samples.quickstart.ReadmeExample;
import org.junit.jupiter.api.Test;

/** The README's first example does what its comments say. */
class ReadmeExampleTest {

  @Test
  void aMissAHitAndAnInvalidatingWrite() {
    CachingProxy proxy = ReadmeExample.run(new Product(42, "renamed", 4200));
    CacheStats stats = proxy.stats();
    assertEquals(1, stats.misses(), stats.toString());
    assertEquals(1, stats.hits(), stats.toString());
    assertEquals(1, stats.invalidations(), stats.toString());

    ProductEndpoint products = (ProductEndpoint) proxy;
    assertEquals("renamed", products.get(42).name(), "the write is visible: its entry was invalidated");
    assertEquals(2, proxy.stats().misses(), proxy.stats().toString());
  }
}
