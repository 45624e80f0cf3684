package com.acme;

import dev.lightcache.annotations.Cached;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@Cached(methods = {"GET", "HEAD"})
interface AsyncPrices {
    CompletableFuture<BigDecimal> getPrice(UUID productId);

    CompletionStage<Optional<Product>> findProduct(String sku);

    Optional<Map<String, Product[]>> fetchCatalog(Optional<String> region);

    CompletableFuture<Void> updatePrice(UUID productId, BigDecimal price);
}
