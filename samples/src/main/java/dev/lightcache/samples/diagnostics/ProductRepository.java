package dev.lightcache.samples.diagnostics;

import dev.lightcache.annotations.Cached;
import dev.lightcache.samples.quickstart.Product;

/**
 * The fix of {@code [LC_GENERIC_INTERFACE]} in docs/diagnostics.md: {@code @Cached} on an interface that
 * extends the generic one with concrete type arguments. Its inherited {@code get} is cached.
 */
// tag::fix[]
@Cached
public interface ProductRepository extends Repository<Product> {}
// end::fix[]
