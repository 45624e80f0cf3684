package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.processor.functional.Item;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A Quarkus / MicroProfile REST client with Mutiny returns, its verbs read from the method names (as
 * for a client whose JAX-RS annotations are on another interface).
 */
@Cached(expirationSeconds = 60)
public interface MutinyItems {
  Uni<Item> getItem(long id);

  Multi<Item> listItems(String category);

  /** A {@code null} item when no item has that name: not cached (no {@code cacheNulls}). */
  Uni<Item> findByName(String name);

  /** A {@code null} item when no item has that name: cached as {@code null}. */
  @Cached(cacheNulls = true)
  Uni<Item> fetchByName(String name);

  Uni<Void> deleteItem(long id);

  Uni<Item> updateItem(long id, Item item);

  /** Stores the items and streams them back as stored. */
  Multi<Item> addItems(List<Item> items);
}
