package dev.lightcache.processor.functional;

import dev.lightcache.annotations.Cached;

/** An endpoint over a backend class of its own, built by wrap(delegate). */
@Cached(cache = CountingBackend.class)
public interface Shared {
  String get(long id);
}
