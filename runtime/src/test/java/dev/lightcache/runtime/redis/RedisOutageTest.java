package dev.lightcache.runtime.redis;

import static dev.lightcache.runtime.redis.DefaultRedisCacheTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * A steady stream of calls from several threads while the Redis server crashes, comes back on the same
 * port, freezes and thaws: no call may fail or hang, and hits must resume on the same client.
 */
class RedisOutageTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.privateServer();

  /** A correctness bound, not a benchmark: a call must never hang on a dead or frozen Redis. */
  private static final Duration MAX_CALL_LATENCY = Duration.ofSeconds(3);

  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final int THREADS = 4;

  private static DefaultRedisCache newCache(Duration timeout) {
    return newCache(timeout, Duration.ofMillis(200));
  }

  private static DefaultRedisCache newCache(Duration timeout, Duration openDuration) {
    return new DefaultRedisCache(
        redis.url(),
        RedisCacheConfig.builder()
            .prefix("outage-test:")
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .failureThreshold(3)
            .openDuration(openDuration)
            .build());
  }

  @Test
  void killedAndRestartedServerNeverFailsACall() throws Exception {
    try (DefaultRedisCache cache = newCache(Duration.ofMillis(500));
        Traffic traffic = new Traffic(cache, THREADS)) {
      awaitTrue(() -> traffic.hits() > 200, PATIENCE, "hits before the outage");

      redis.kill();
      awaitTrue(() -> cache.circuitState() == CircuitState.OPEN, PATIENCE, "the breaker to open");
      long skipped = cache.skippedCount();
      long callsWhileDown = traffic.calls();
      awaitTrue(() -> cache.skippedCount() > skipped + 500, PATIENCE, "calls to skip Redis");
      assertTrue(traffic.calls() > callsWhileDown + 500, "calls kept flowing while Redis was down");

      redis.restart(); // empty: nothing is persisted
      long hitsAtRestart = traffic.hits();
      awaitTrue(() -> traffic.hits() > hitsAtRestart + 200, PATIENCE, "hits after the restart");

      assertEquals(CircuitState.CLOSED, cache.circuitState());
      traffic.stop();
      traffic.assertNoCallFailedOrHung();
    }
  }

  @Test
  void aFrozenServerCostsEachCallAtMostOneTimeout() throws Exception {
    Duration timeout = Duration.ofMillis(750);
    try (DefaultRedisCache cache = newCache(timeout);
        Traffic traffic = new Traffic(cache, THREADS)) {
      awaitTrue(() -> traffic.hits() > 200, PATIENCE, "hits before the freeze");

      redis.pause(); // accepts connections, answers nothing: every read times out
      try {
        awaitTrue(() -> cache.circuitState() != CircuitState.CLOSED, PATIENCE, "the breaker to open");
        long skipped = cache.skippedCount();
        awaitTrue(() -> cache.skippedCount() > skipped + 500, PATIENCE, "calls to skip Redis");
      } finally {
        redis.resume();
      }
      long hitsAtResume = traffic.hits();
      awaitTrue(() -> traffic.hits() > hitsAtResume + 200, PATIENCE, "hits after the freeze");

      traffic.stop();
      traffic.assertNoCallFailedOrHung();
      assertTrue(cache.errorCount() > 0, "the freeze was noticed");
      // One timeout, never two: with commons-pool 2.13, returning the broken connection in the
      // caller's thread would open its replacement there and time out a second time (POOL-431).
      assertTrue(
          traffic.slowest().compareTo(timeout.multipliedBy(2).minusMillis(50)) < 0,
          "the slowest call took " + traffic.slowest() + ", two timeouts of " + timeout);
    }
  }

  @Test
  void invalidationsThatMissedRedisAreReplayedWhenItAnswersAgain() {
    // Open long enough that the state and the keys can be checked before the timer probes.
    try (DefaultRedisCache cache = newCache(Duration.ofMillis(300), Duration.ofSeconds(3));
        RedisClient raw = redis.newClient()) {
      cache.set("E:v1:get(long):1", "stale", Duration.ofMinutes(1));
      cache.set("E:v1:get(long):2", "stale", Duration.ofMinutes(1));
      cache.set("F:v1:get(long):1", "stale", Duration.ofMinutes(1));
      cache.set("G:v1:get(long):1", "fresh", Duration.ofMinutes(1));

      redis.pause();
      try {
        cache.invalidatePrefix("E:v1:"); // times out
        cache.delete("F:v1:get(long):1"); // times out
        cache.delete("F:v1:get(long):1"); // ... until the breaker opens: remembered without trying
      } finally {
        redis.resume();
      }
      assertEquals(CircuitState.OPEN, cache.circuitState());
      assertTrue(raw.exists("outage-test:E:v1:get(long):1"), "the invalidation did not reach Redis");

      awaitTrue(
          () -> cache.get("G:v1:get(long):1", ValueType.of(String.class)) != null,
          PATIENCE,
          "the breaker to close");
      awaitTrue(
          () -> raw.keys("outage-test:[EF]:*").isEmpty(), // a test's own server: KEYS is fine here
          PATIENCE,
          "the missed invalidations to be replayed");
      assertEquals("\"fresh\"", raw.get("outage-test:G:v1:get(long):1"));
    }
  }

  /**
   * Threads that each loop over 50 keys like a proxy would: read, and on a miss "call the delegate"
   * (compute the value) and write it back. Records failures and the slowest single cache call.
   */
  private static final class Traffic implements AutoCloseable {
    private static final ValueType<String> STRING = ValueType.of(String.class);

    private final DefaultRedisCache cache;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final LongAccumulator slowestNanos = new LongAccumulator(Math::max, 0);
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    Traffic(DefaultRedisCache cache, int threadCount) {
      this.cache = cache;
      for (int t = 0; t < threadCount; t++) {
        Thread thread = new Thread(this::run, "traffic-" + t);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    private void run() {
      long i = 0;
      while (running.get()) {
        String key = "item:" + (i++ % 50);
        String expected = "value of " + key;
        try {
          long start = System.nanoTime();
          String cached = cache.get(key, STRING);
          slowestNanos.accumulate(System.nanoTime() - start);
          calls.incrementAndGet();
          if (cached == null) {
            start = System.nanoTime();
            cache.set(key, expected, Duration.ofMinutes(1)); // the delegate's result
            slowestNanos.accumulate(System.nanoTime() - start);
            calls.incrementAndGet();
          } else if (cached.equals(expected)) {
            hits.incrementAndGet();
          } else {
            failures.add(new AssertionError("read " + cached + " for " + key));
          }
        } catch (Throwable t) {
          failures.add(t);
        }
        LockSupport.parkNanos(200_000); // a steady stream, not a busy loop starving the server
      }
    }

    long hits() {
      return hits.get();
    }

    long calls() {
      return calls.get();
    }

    void stop() throws InterruptedException {
      close();
      for (Thread thread : threads) {
        thread.join(MAX_CALL_LATENCY.toMillis() * 2);
      }
    }

    Duration slowest() {
      return Duration.ofNanos(slowestNanos.get());
    }

    void assertNoCallFailedOrHung() {
      assertEquals(List.of(), List.copyOf(failures), "calls that failed");
      Duration slowest = slowest();
      assertTrue(
          slowest.compareTo(MAX_CALL_LATENCY) < 0, "the slowest cache call took " + slowest);
      for (Thread thread : threads) {
        assertTrue(!thread.isAlive(), thread.getName() + " is stuck");
      }
    }

    @Override
    public void close() {
      running.set(false); // stop() joins; close() only makes sure no thread outlives the test
    }
  }
}
