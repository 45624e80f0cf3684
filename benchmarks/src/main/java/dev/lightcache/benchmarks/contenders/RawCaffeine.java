package dev.lightcache.benchmarks.contenders;

import com.github.benmanes.caffeine.cache.Cache;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductEndpoint;

/**
 * A bare {@code getIfPresent} on natural keys. It loads on a miss only so that the benchmarks' warm-up
 * can fill it the same way as the others; on the hit path it is one Caffeine read. Without {@code
 * expiring} it is the floor of every in-memory hit (no decorator, no clock read); with it, the same
 * read of a cache with {@code expireAfterWrite}, which reads Caffeine's ticker on every hit.
 */
final class RawCaffeine implements ProductEndpoint {

  private record Key3(long id, String region, int version) {}

  private static final Object ONLY = new Object();

  private final ProductEndpoint delegate;
  private final Cache<Object, Product> cache;

  RawCaffeine(ProductEndpoint delegate, long maximumSize, boolean expiring) {
    this.delegate = delegate;
    this.cache = Settings.caffeine(maximumSize, expiring).build();
  }

  @Override
  public Product get() {
    Product p = cache.getIfPresent(ONLY);
    return p != null ? p : fill(ONLY, delegate.get());
  }

  @Override
  public Product get(long id) {
    Product p = cache.getIfPresent(id);
    return p != null ? p : fill(id, delegate.get(id));
  }

  @Override
  public Product get(long id, String region, int version) {
    Key3 key = new Key3(id, region, version);
    Product p = cache.getIfPresent(key);
    return p != null ? p : fill(key, delegate.get(id, region, version));
  }

  private Product fill(Object key, Product p) {
    cache.put(key, p);
    return p;
  }
}
