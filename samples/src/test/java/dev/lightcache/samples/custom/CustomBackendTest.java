package dev.lightcache.samples.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The seed's "creating a new backend" and "using a custom cache on an endpoint", running. */
class CustomBackendTest {

  private static final class Inventory implements InventoryEndpoint {
    final Map<String, Integer> stock = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public int get(String sku) {
      reads.incrementAndGet();
      return stock.getOrDefault(sku, 0);
    }

    @Override
    public void put(String sku, int quantity) {
      stock.put(sku, quantity);
    }
  }

  @Test
  void anEndpointNamingItsBackendIsCachedInIt() {
    Inventory inventory = new Inventory();
    InventoryEndpoint cached = CachedInventoryEndpoint.wrap(inventory); // builds a MemoryCache
    inventory.stock.put("apple", 3);
    assertEquals(3, cached.get("apple"));
    assertEquals(3, cached.get("apple"));
    assertEquals(1, inventory.reads.get());
    cached.put("apple", 5);
    assertEquals(5, cached.get("apple"), "the write invalidated the entry");
    assertEquals(2, inventory.reads.get());
  }

  @Test
  void theFourMethodBackendExpiresAndDeletes() {
    MemoryCache cache = new MemoryCache();
    cache.set("k", "v", java.time.Duration.ofMillis(1));
    cache.set("other", "w", java.time.Duration.ofMinutes(1));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (cache.get("k") != null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(null, cache.get("k"));
    assertEquals("w", cache.get("other"));
    cache.delete("other");
    assertEquals(null, cache.get("other"));
  }
}
