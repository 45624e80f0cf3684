package dev.lightcache.runtime.internal;

/** Rethrows a delegate's exception unchanged, checked ones included, without wrapping. */
final class Throwables {

  private Throwables() {}

  /**
   * Throws {@code t} as it is. Declared to return an exception so callers can write {@code throw
   * Throwables.rethrow(t)} and the compiler sees the path end.
   */
  static RuntimeException rethrow(Throwable t) {
    throw Throwables.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    // The generated method declares the delegate's checked exceptions, so the caller can receive
    // exactly what the delegate threw; the compiler just cannot see that through the Loader lambda.
    throw (E) t;
  }
}
