package dev.lightcache.samples.quickstart;

/**
 * A product, as the endpoint returns it. A record: immutable, so a cached instance can be shared.
 *
 * @param id the product's id
 * @param name its name
 * @param priceCents its price in cents
 */
public record Product(long id, String name, long priceCents) {}
