package dev.lightcache.benchmarks.model;

import dev.lightcache.annotations.Cached;

/**
 * The endpoint every contender implements: one cached method per argument shape measured (0, 1 and 3
 * key arguments). The Lightcache processor writes {@code CachedProductEndpoint} from it while this
 * module compiles; the hand-written contenders implement it themselves.
 */
@Cached(expirationSeconds = 300)
public interface ProductEndpoint {

  /** The featured product: a cached call without arguments. */
  Product get();

  /** A product by id: the common case, one {@code long} key argument. */
  Product get(long id);

  /** A product by id, region and API version: three key arguments of mixed types. */
  Product get(long id, String region, int version);
}
