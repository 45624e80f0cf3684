package dev.lightcache.processor.functional;

import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.Invalidates;

/** Inherits generic methods, adds overloads and a cached default method. */
@Cached
public interface ItemRepository extends Repository<Item, Long> {
  Item get(String name);

  Item get(String name, int version);

  @Invalidates({"get"})
  void rename(Long id, String name);

  @Cached(expirationSeconds = 10)
  default String label(Long id) {
    return "item " + id;
  }
}
