package dev.lightcache.samples.diagnostics;

/**
 * A generic interface: {@code @Cached} on it would be {@code [LC_GENERIC_INTERFACE]}; docs/diagnostics.md
 * quotes it with its fix, {@link ProductRepository}.
 *
 * @param <T> the type of the values
 */
// tag::repository[]
public interface Repository<T> {
  T get(long id);
}
// end::repository[]
