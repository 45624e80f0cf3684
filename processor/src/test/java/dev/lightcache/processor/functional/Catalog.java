package dev.lightcache.processor.functional;

import dev.lightcache.annotations.CacheKey;
import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.Invalidates;
import dev.lightcache.annotations.NotCached;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A plain endpoint exercising every kind of method. */
@Cached(expirationSeconds = 60)
public interface Catalog {
  Item get(long id);

  List<Item> list(int page);

  Item find(String name, @CacheKey int shard, String traceId);

  Item load(long id) throws IOException;

  Optional<Item> searchByName(String name);

  long count();

  int[] getIds();

  String nullable(String name);

  @Cached(cacheNulls = true, expirationSeconds = 5)
  String nullableCached(String name);

  @NotCached
  Item getFresh(long id);

  Item post(Item item);

  void delete(long id);

  @Invalidates({"get"})
  void touch(long id);

  @Invalidates({"list"})
  void reorder(long id);

  @Invalidates
  void reset();

  void ping();

  default Item firstTwice() {
    get(1);
    return get(1);
  }
}
