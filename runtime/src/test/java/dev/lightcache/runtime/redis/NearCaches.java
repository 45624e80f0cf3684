package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.ValueType;

/** Waits used by the tests of the near cache on each deployment. */
final class NearCaches {

  private NearCaches() {}

  /** Reads {@code key} until a read is a near hit (the subscription is up and the entry is near). */
  static void awaitNearHit(DefaultRedisCache cache, String key, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    long before = cache.nearHitCount();
    while (System.nanoTime() < deadline) {
      org.junit.jupiter.api.Assertions.assertEquals(expected, cache.get(key, ValueType.of(String.class)));
      if (cache.nearHitCount() > before) {
        return;
      }
      Thread.sleep(10);
    }
    org.junit.jupiter.api.Assertions.fail("no near hit on " + key + " within 20 s");
  }

  /** Reads {@code key} until it misses: the other cache's invalidation reached this near cache. */
  static long awaitDropped(DefaultRedisCache cache, String key) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (cache.get(key, ValueType.of(String.class)) != null) {
      if (System.nanoTime() > deadline) {
        org.junit.jupiter.api.Assertions.fail(key + " still served 5 s after its invalidation");
      }
      Thread.sleep(1);
    }
    return java.util.concurrent.TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
  }
}
