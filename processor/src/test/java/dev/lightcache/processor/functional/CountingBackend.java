package dev.lightcache.processor.functional;

import dev.lightcache.runtime.Cache;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A user-written backend that counts how many instances were made. */
public final class CountingBackend implements Cache {
  static final AtomicInteger INSTANCES = new AtomicInteger();

  final Map<String, Object> map = new ConcurrentHashMap<>();

  public CountingBackend() {
    INSTANCES.incrementAndGet();
  }

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
    map.clear();
  }
}
