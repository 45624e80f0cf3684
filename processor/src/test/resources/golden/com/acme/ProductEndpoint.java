package com.acme;

import dev.lightcache.annotations.Cached;
import java.util.List;

@Cached(expirationSeconds = 60)
public interface ProductEndpoint {
    Product get(long id);                 // GET  -> cached
    List<Product> list(int page);         // GET  -> cached
    Product post(Product p);              // POST -> invalidates this endpoint's entries
    void delete(long id);                 // DELETE -> invalidates
}
