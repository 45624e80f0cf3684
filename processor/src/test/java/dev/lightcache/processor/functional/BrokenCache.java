package dev.lightcache.processor.functional;

import dev.lightcache.runtime.Cache;
import java.time.Duration;

/** A backend that fails on every call, as one does when its server is down. */
final class BrokenCache implements Cache {
  @Override
  public Object get(String key) {
    throw new IllegalStateException("backend down (get)");
  }

  @Override
  public void set(String key, Object value, Duration expiration) {
    throw new IllegalStateException("backend down (set)");
  }

  @Override
  public void delete(String key) {
    throw new IllegalStateException("backend down (delete)");
  }

  @Override
  public void flush() {
    throw new IllegalStateException("backend down (flush)");
  }
}
