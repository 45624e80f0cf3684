package com.acme;

import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.Invalidates;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A Quarkus / MicroProfile REST client returning Mutiny types. */
@Cached(cacheNulls = true)
public interface MutinyProducts {
    Uni<Product> getById(long id);

    Multi<Product> listAll();

    @Invalidates("getById")
    Uni<Void> deleteById(long id);
}
