package dev.lightcache.processor.functional;

import dev.lightcache.annotations.Cached;

/** Same namespace, two versions: entries of one are never read by the other. */
public final class Versioned {
  private Versioned() {}

  @Cached(namespace = "shared", version = 1)
  public interface V1 {
    String get(long id);
  }

  @Cached(namespace = "shared", version = 2)
  public interface V2 {
    String get(long id);
  }
}
