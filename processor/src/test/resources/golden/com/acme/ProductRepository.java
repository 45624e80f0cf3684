package com.acme;

import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.NotCached;

@Cached(cacheNulls = true)
public interface ProductRepository extends Repository<Product, Long> {
    Product get(String name);

    Product get(String name, int version);

    @NotCached
    int countAll();

    @Cached(expirationSeconds = 10)
    default String label(Long id) {
        return "product " + id;
    }
}
