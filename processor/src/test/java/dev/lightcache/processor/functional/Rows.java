package dev.lightcache.processor.functional;

import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.Invalidates;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Rows of a table, read plainly and as futures; the writes invalidate. */
@Cached(expirationSeconds = 600)
public interface Rows {
  String get(long id);

  CompletableFuture<String> getLater(long id);

  Optional<String> find(long id);

  CompletableFuture<Optional<String>> findLater(long id);

  long count(int shard);

  /** PUT: invalidates every entry of the endpoint. */
  void put(long id, String value);

  /** Invalidates exactly the entry of get(id). */
  @Invalidates({"get"})
  void touch(long id);
}
