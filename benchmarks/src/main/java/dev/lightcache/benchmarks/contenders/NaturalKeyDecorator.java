package dev.lightcache.benchmarks.contenders;

import com.github.benmanes.caffeine.cache.Cache;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductEndpoint;

/**
 * What a careful engineer writes by hand: one Caffeine cache per method, keyed by the arguments
 * themselves ({@code Cache<Long, Product>}), read with {@code getIfPresent} and filled on a miss.
 * With {@code expiring}, every cache has {@code expireAfterWrite} of the proxy's time to live (each
 * read then reads Caffeine's ticker, {@code System.nanoTime()}); without, it is only size-bounded.
 */
final class NaturalKeyDecorator implements ProductEndpoint {

  private record Key3(long id, String region, int version) {}

  private static final Boolean ONLY = Boolean.TRUE;

  private final ProductEndpoint delegate;
  private final Cache<Boolean, Product> featured;
  private final Cache<Long, Product> byId;
  private final Cache<Key3, Product> byIdRegionVersion;

  NaturalKeyDecorator(ProductEndpoint delegate, long maximumSize, boolean expiring) {
    this.delegate = delegate;
    this.featured = Settings.caffeine(1, expiring).build();
    this.byId = Settings.caffeine(maximumSize, expiring).build();
    this.byIdRegionVersion = Settings.caffeine(maximumSize, expiring).build();
  }

  @Override
  public Product get() {
    Product p = featured.getIfPresent(ONLY);
    if (p == null) {
      p = delegate.get();
      featured.put(ONLY, p);
    }
    return p;
  }

  @Override
  public Product get(long id) {
    Product p = byId.getIfPresent(id);
    if (p == null) {
      p = delegate.get(id);
      byId.put(id, p);
    }
    return p;
  }

  @Override
  public Product get(long id, String region, int version) {
    Key3 key = new Key3(id, region, version);
    Product p = byIdRegionVersion.getIfPresent(key);
    if (p == null) {
      p = delegate.get(id, region, version);
      byIdRegionVersion.put(key, p);
    }
    return p;
  }
}
