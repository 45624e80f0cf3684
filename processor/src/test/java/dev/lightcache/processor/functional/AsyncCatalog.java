package dev.lightcache.processor.functional;

import dev.lightcache.annotations.Cached;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Futures and optionals. */
@Cached(expirationSeconds = 30, cacheNulls = true)
public interface AsyncCatalog {
  CompletableFuture<Item> get(long id);

  CompletionStage<String> getName(long id);

  CompletableFuture<Optional<Item>> find(String name);

  CompletableFuture<Item> post(Item item);
}
