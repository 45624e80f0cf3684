package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * The load lease in one JVM, two caches standing for two processes: what ends a wait early (the
 * holder's fill, its refused fill, a frozen Redis, an interrupt) and what the lease never does.
 */
class LoadLeaseTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.privateServer();

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final String KEY = "com.acme.P:v1:get(long):7";
  private static final Duration LONG_LOAD = Duration.ofSeconds(30);

  private static DefaultRedisCache cache(String prefix, Duration maxLoad) {
    return new DefaultRedisCache(
        redis.url(),
        RedisCacheConfig.builder()
            .prefix(prefix)
            .loadLease(maxLoad)
            .readTimeout(Duration.ofMillis(300))
            .build());
  }

  @Test
  @Timeout(60)
  void theWaiterGetsTheHoldersValueWithoutLoading() throws Exception {
    String prefix = "lease-" + UUID.randomUUID() + ":";
    try (DefaultRedisCache holder = cache(prefix, LONG_LOAD);
        DefaultRedisCache waiter = cache(prefix, LONG_LOAD)) {
      assertNull(holder.get(KEY, STRING)); // holds the lease
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> waiter.get(KEY, STRING));
      awaitWaiting(waiter);

      holder.set(KEY, "loaded once", Duration.ofMinutes(1));

      assertEquals("loaded once", waiting.get(10, TimeUnit.SECONDS));
      assertEquals(1, waiter.hitCount());
    }
  }

  /**
   * A wait that found the holder's value is a hit: the miss its read remembered goes, else it would
   * hold the key's later fills to its old counter, and refuse them after any write. Failed before the
   * fix: the fill after the write was refused.
   */
  @Test
  @Timeout(60)
  void aWaitThatFoundTheValueLeavesNoMissBehind() throws Exception {
    String prefix = "lease-found-" + UUID.randomUUID() + ":";
    try (DefaultRedisCache holder = cache(prefix, LONG_LOAD);
        DefaultRedisCache waiter = cache(prefix, LONG_LOAD);
        DefaultRedisCache writer = cache(prefix, LONG_LOAD)) {
      assertNull(holder.get(KEY, STRING));
      CompletableFuture<String> waiting =
          CompletableFuture.supplyAsync(() -> waiter.get(KEY, STRING), task -> new Thread(task, "waiter").start());
      awaitWaiting(waiter);
      holder.set(KEY, "first", Duration.ofMinutes(1));
      assertEquals("first", waiting.get(10, TimeUnit.SECONDS));

      writer.delete(KEY); // a later write
      assertNull(waiter.get(KEY, STRING)); // a miss of the waiter's own, after the write
      waiter.set(KEY, "second", Duration.ofMinutes(1)); // its fill: nothing overtook it

      assertEquals(0, waiter.refusedFillCount());
      assertEquals("second", waiter.get(KEY, STRING));
    }
  }

  @Test
  @Timeout(60)
  void aRefusedFillReleasesTheLeaseAndTheWaiterLoadsAtOnce() throws Exception {
    String prefix = "lease-refused-" + UUID.randomUUID() + ":";
    try (DefaultRedisCache holder = cache(prefix, LONG_LOAD);
        DefaultRedisCache waiter = cache(prefix, LONG_LOAD);
        DefaultRedisCache writer = cache(prefix, LONG_LOAD)) {
      assertNull(holder.get(KEY, STRING));
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> waiter.get(KEY, STRING));
      awaitWaiting(waiter);

      writer.delete(KEY); // a write overtakes the holder's load
      holder.set(KEY, "loaded before the write", Duration.ofMinutes(1));
      assertEquals(1, holder.refusedFillCount());

      long start = System.nanoTime();
      assertNull(waiting.get(10, TimeUnit.SECONDS)); // it loads itself, now, not after maxLoad
      assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < LONG_LOAD.toSeconds());
      assertNull(holder.get(KEY, STRING), "the older value was never stored");
    }
  }

  @Test
  @Timeout(60)
  void aFrozenRedisEndsTheWaitAfterOneTimeout() throws Exception {
    String prefix = "lease-frozen-" + UUID.randomUUID() + ":";
    try (DefaultRedisCache holder = cache(prefix, LONG_LOAD);
        DefaultRedisCache waiter = cache(prefix, LONG_LOAD)) {
      assertNull(holder.get(KEY, STRING));
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> waiter.get(KEY, STRING));
      awaitWaiting(waiter);

      redis.pause(); // SIGSTOP
      long paused = System.nanoTime();
      try {
        assertNull(waiting.get(20, TimeUnit.SECONDS));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused);
        System.out.println("the wait ended " + tookMillis + " ms after Redis froze (read timeout 300 ms)");
        assertTrue(tookMillis < LONG_LOAD.toMillis() / 2, tookMillis + " ms");
        assertTrue(waiter.errorCount() > 0);
      } finally {
        redis.resume();
      }
    }
  }

  @Test
  @Timeout(60)
  void anInterruptedWaiterStopsWaitingAndKeepsItsInterrupt() throws Exception {
    String prefix = "lease-interrupt-" + UUID.randomUUID() + ":";
    try (DefaultRedisCache holder = cache(prefix, LONG_LOAD);
        DefaultRedisCache waiter = cache(prefix, LONG_LOAD)) {
      assertNull(holder.get(KEY, STRING));
      AtomicReference<String> result = new AtomicReference<>("not returned");
      AtomicBoolean interrupted = new AtomicBoolean();
      Thread thread =
          new Thread(
              () -> {
                result.set(waiter.get(KEY, STRING));
                interrupted.set(Thread.currentThread().isInterrupted());
              });
      thread.start();
      awaitWaiting(waiter);

      thread.interrupt();
      thread.join(10_000);

      assertFalse(thread.isAlive());
      assertNull(result.get());
      assertTrue(interrupted.get());
    }
  }

  @Test
  @Timeout(60)
  void anOpenBreakerSkipsTheLease() throws Exception {
    String prefix = "lease-open-" + UUID.randomUUID() + ":";
    try (DefaultRedisCache holder = cache(prefix, LONG_LOAD);
        DefaultRedisCache waiter =
            new DefaultRedisCache(
                redis.url(),
                RedisCacheConfig.builder()
                    .prefix(prefix)
                    .loadLease(LONG_LOAD)
                    .readTimeout(Duration.ofMillis(200))
                    .failureThreshold(1)
                    .openDuration(Duration.ofMinutes(1))
                    .build())) {
      assertNull(holder.get(KEY, STRING)); // the lease is held
      redis.pause();
      try {
        assertNull(waiter.get(KEY, STRING)); // one timeout: the breaker opens
        long start = System.nanoTime();
        assertNull(waiter.get(KEY, STRING));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 100);
        assertEquals(0, waiter.leaseWaitCount());
      } finally {
        redis.resume();
      }
    }
  }

  @Test
  @Timeout(60)
  void withoutTheSettingNoLeaseIsWritten() throws Exception {
    String prefix = "lease-off-" + UUID.randomUUID() + ":";
    try (DefaultRedisCache plain =
            new DefaultRedisCache(redis.url(), RedisCacheConfig.builder().prefix(prefix).build());
        DefaultRedisCache leased = cache(prefix, LONG_LOAD);
        RedisClient raw = redis.newClient()) {
      assertNull(plain.get(KEY, STRING));
      assertTrue(leaseKeys(raw, prefix).isEmpty());

      assertNull(leased.get(KEY, STRING));
      assertEquals(1, leaseKeys(raw, prefix).size()); // so the check above can fail
      leased.set(KEY, "v", Duration.ofMinutes(1));
      assertTrue(leaseKeys(raw, prefix).isEmpty(), "released by the fill");
    }
  }

  private static java.util.List<String> leaseKeys(RedisClient raw, String prefix) {
    return raw.scan("0", new ScanParams().match(prefix + "__lc:lease*").count(1000)).getResult();
  }

  private static void awaitWaiting(DefaultRedisCache waiter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (waiter.leaseWaitCount() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertEquals(1, waiter.leaseWaitCount(), "the second cache waits for the lease's holder");
  }
}
