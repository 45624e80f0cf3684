package dev.lightcache.samples.custom;

import dev.lightcache.annotations.Cached;

/**
 * An endpoint cached in the custom {@link MemoryCache}: the seed's "using a custom cache on an
 * endpoint". The generated {@code CachedInventoryEndpoint.wrap(delegate)} builds a {@code MemoryCache}
 * with its public no-argument constructor.
 */
// tag::endpoint[]
@Cached(cache = MemoryCache.class, expirationSeconds = 30)
public interface InventoryEndpoint {
  int get(String sku);                 // GET -> cached in a MemoryCache for 30 s
  void put(String sku, int quantity);  // PUT -> invalidates the endpoint's entries
}
// end::endpoint[]
