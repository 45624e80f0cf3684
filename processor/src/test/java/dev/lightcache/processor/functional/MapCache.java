package dev.lightcache.processor.functional;

import dev.lightcache.runtime.Cache;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A user-written backend: the four methods only, no expiration. Public with a no-arg constructor. */
public class MapCache implements Cache {
  final Map<String, Object> map = new ConcurrentHashMap<>();
  int flushes;

  @Override
  public Object get(String key) {
    return map.get(key);
  }

  @Override
  public void set(String key, Object value, Duration expiration) {
    map.put(key, value);
  }

  @Override
  public void delete(String key) {
    map.remove(key);
  }

  @Override
  public void flush() {
    flushes++;
    map.clear();
  }
}
