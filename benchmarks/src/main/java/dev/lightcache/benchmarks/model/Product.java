package dev.lightcache.benchmarks.model;

/**
 * The value every contender caches. Immutable, so a cached instance can be shared.
 *
 * @param id the id
 * @param name a short name
 * @param priceCents a price
 * @param description padding that sets the encoded size in the Redis benchmark
 */
public record Product(long id, String name, long priceCents, String description) {}
