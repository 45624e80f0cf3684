package dev.lightcache.benchmarks.contenders;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductEndpoint;

/**
 * The floor: a bare {@code getIfPresent} on natural keys. It loads on a miss only so that the
 * benchmarks' warm-up can fill it the same way as the others; on the hit path it is one Caffeine read.
 */
final class RawCaffeine implements ProductEndpoint {

  private record Key3(long id, String region, int version) {}

  private static final Object ONLY = new Object();

  private final ProductEndpoint delegate;
  private final Cache<Object, Product> cache;

  RawCaffeine(ProductEndpoint delegate, long maximumSize) {
    this.delegate = delegate;
    this.cache =
        Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(Settings.EXPIRATION).build();
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
