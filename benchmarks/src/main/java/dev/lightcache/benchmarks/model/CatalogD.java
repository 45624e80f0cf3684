package dev.lightcache.benchmarks.model;

import dev.lightcache.annotations.Cached;

/**
 * One of four endpoints that only differ by name, so that {@code CachedCatalogA..D} are four distinct
 * generated classes behind one {@link ProductEndpoint} call site (the megamorphic benchmark).
 */
@Cached(namespace = "catalog-d", expirationSeconds = 300)
public interface CatalogD extends ProductEndpoint {}
