package dev.lightcache.processor.functional.reactive;

import dev.lightcache.processor.functional.MapCache;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The text-key test backend, remembering every value it was given to store. */
public class RecordingCache extends MapCache {
  final List<Object> stored = new CopyOnWriteArrayList<>();

  @Override
  public void set(String key, Object value, Duration expiration) {
    stored.add(value);
    super.set(key, value, expiration);
  }
}
