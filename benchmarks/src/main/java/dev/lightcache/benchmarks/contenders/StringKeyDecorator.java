package dev.lightcache.benchmarks.contenders;

import com.github.benmanes.caffeine.cache.Cache;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductEndpoint;

/**
 * A hand-written decorator doing the same key work as the SPI: one Caffeine cache of {@code String}
 * keys that are exactly the generated proxy's keys ({@code namespace:v1:get(long):42}), built with
 * plain string concatenation, read with {@code getIfPresent} and filled on a miss; {@code
 * expireAfterWrite} of the proxy's time to live.
 */
final class StringKeyDecorator implements ProductEndpoint {

  private final ProductEndpoint delegate;
  private final Cache<String, Product> cache;

  StringKeyDecorator(ProductEndpoint delegate, long maximumSize) {
    this.delegate = delegate;
    this.cache = Settings.caffeine(maximumSize, true).build();
  }

  static String key1(long id) {
    return Settings.PREFIX_GET1 + id;
  }

  static String key3(long id, String region, int version) {
    return Settings.PREFIX_GET3 + id + ',' + Settings.escape(region) + ',' + version;
  }

  @Override
  public Product get() {
    Product p = cache.getIfPresent(Settings.PREFIX_GET0);
    if (p == null) {
      p = delegate.get();
      cache.put(Settings.PREFIX_GET0, p);
    }
    return p;
  }

  @Override
  public Product get(long id) {
    String key = key1(id);
    Product p = cache.getIfPresent(key);
    if (p == null) {
      p = delegate.get(id);
      cache.put(key, p);
    }
    return p;
  }

  @Override
  public Product get(long id, String region, int version) {
    String key = key3(id, region, version);
    Product p = cache.getIfPresent(key);
    if (p == null) {
      p = delegate.get(id, region, version);
      cache.put(key, p);
    }
    return p;
  }
}
