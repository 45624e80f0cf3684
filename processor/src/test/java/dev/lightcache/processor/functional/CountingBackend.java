package dev.lightcache.processor.functional;

import java.util.concurrent.atomic.AtomicInteger;

/** A user-written backend that counts how many instances were made. */
public final class CountingBackend extends MapCache {
  static final AtomicInteger INSTANCES = new AtomicInteger();

  public CountingBackend() {
    INSTANCES.incrementAndGet();
  }
}
