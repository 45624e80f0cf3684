package dev.lightcache.runtime;

/**
 * The value a proxy stores for a cached {@code null} result (or an empty {@code Optional}) when {@code
 * cacheNulls} is on, so that a cached null and a miss stay distinguishable.
 *
 * <p>A backend stores it like any other value; a serialising backend encodes it in its own way and
 * decodes it back to {@link #INSTANCE}. Being an enum constant, it survives Java serialisation as the
 * same instance.
 */
public enum NullValue {
  /** The only instance. */
  INSTANCE
}
