package dev.lightcache.processor.functional;

import dev.lightcache.annotations.Cached;

/** Holds a nested, package-private endpoint. */
public final class Outer {
  private Outer() {}

  @Cached
  interface Inner {
    String get(String key);
  }
}
