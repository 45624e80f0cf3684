package com.acme;

import java.util.List;

/**
 * The processor's golden input ({@code processor/src/test/resources/golden/com/acme/ProductEndpoint.java})
 * without its {@code @Cached(expirationSeconds = 60)}: the runtime's tests have no annotations on their
 * classpath. {@link CachedProductEndpoint} beside it is the processor's output for it, as is.
 */
public interface ProductEndpoint {
    Product get(long id);                 // GET  -> cached
    List<Product> list(int page);         // GET  -> cached
    Product post(Product p);              // POST -> invalidates this endpoint's entries
    void delete(long id);                 // DELETE -> invalidates
}
