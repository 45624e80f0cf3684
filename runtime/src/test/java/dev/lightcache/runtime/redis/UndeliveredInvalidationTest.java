package dev.lightcache.runtime.redis;

import static dev.lightcache.runtime.redis.DefaultRedisCacheTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * "An outage leaves nothing stale" against a real redis-server that the tests freeze (SIGSTOP) while a
 * cache invalidates, then thaw (SIGCONT): the invalidation reaches Redis within {@code openDuration +
 * readTimeout + 1 s} without any further call to that cache, callers never probe, and {@code close()}
 * is bounded and says what it drops.
 *
 * <p>A command sent to a frozen server is still executed when it thaws, so the invalidations that
 * must not reach Redis on their own are made while the breaker is already open (not sent at all).
 * {@link UndeliveredInvalidationAfterCrashTest} covers refused connections with the breaker closed.
 */
class UndeliveredInvalidationTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.privateServer();

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration READ_TIMEOUT = Duration.ofMillis(300);
  private static final Duration OPEN_DURATION = Duration.ofMillis(500);
  /** The guarantee of DESIGN.md: no stale entry served longer than this once Redis answers again. */
  private static final Duration BOUND = OPEN_DURATION.plus(READ_TIMEOUT).plusSeconds(1);

  private static final String PREFIX = "undelivered-test:";

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RedisClient raw;

  @BeforeEach
  void connect() {
    raw = redis.newClient();
    closeables.add(raw);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    try (RedisClient admin = redis.newClient()) {
      admin.flushDB(); // this class's own server
    }
  }

  private DefaultRedisCache cache(int failureThreshold) {
    return cache(config(failureThreshold).build());
  }

  private static RedisCacheConfig.Builder config(int failureThreshold) {
    return RedisCacheConfig.builder()
        .prefix(PREFIX)
        .connectTimeout(READ_TIMEOUT)
        .readTimeout(READ_TIMEOUT)
        .failureThreshold(failureThreshold)
        .openDuration(OPEN_DURATION);
  }

  private DefaultRedisCache cache(RedisCacheConfig config) {
    DefaultRedisCache cache = new DefaultRedisCache(redis.url(), config);
    closeables.add(cache);
    return cache;
  }

  /** Runs {@code whileFrozen} with the server frozen, and returns when it answers again. */
  private static long frozen(Runnable whileFrozen) {
    redis.pause();
    try {
      whileFrozen.run();
    } finally {
      redis.resume();
    }
    return System.nanoTime();
  }

  private static void awaitWithinBound(long since, java.util.function.BooleanSupplier condition, String what) {
    awaitTrue(condition, Duration.ofSeconds(15), what);
    Duration took = Duration.ofNanos(System.nanoTime() - since);
    assertTrue(took.compareTo(BOUND) <= 0, what + " took " + took + ", over the bound of " + BOUND);
  }

  // ---------------------------------------------------------------- delivered by the timer

  @Test
  void undeliveredInvalidationsReachRedisWithoutAnotherCallOnceItAnswers() {
    DefaultRedisCache writer = cache(1); // the failed delete opens the breaker
    DefaultRedisCache reader = cache(5);
    writer.set("k", "before the write", MINUTE);
    writer.set("E:v1:get(long):1", "before the write", MINUTE);
    assertEquals("before the write", reader.get("k", STRING));

    long thawed =
        frozen(
            () -> {
              assertNull(writer.get("other", STRING)); // times out: the breaker opens
              writer.delete("k"); // not sent: remembered
              writer.invalidatePrefix("E:v1:");
            });
    assertNotEquals(CircuitState.CLOSED, writer.circuitState());
    assertTrue(raw.exists(PREFIX + "k"), "the delete must not have reached Redis yet");

    // No call to the writer from here on: its timer alone must deliver what it owes.
    awaitWithinBound(
        thawed,
        () -> reader.get("k", STRING) == null && reader.get("E:v1:get(long):1", STRING) == null,
        "the other process to stop serving the invalidated entries");
    awaitWithinBound(
        thawed, () -> writer.circuitState() == CircuitState.CLOSED, "the breaker to close on its own");
  }

  @Test
  void noReadAfterTheOutageReturnsAnEntryWaitingToBeDeleted() {
    DefaultRedisCache cache = cache(1);
    cache.set("k", "before the write", MINUTE);
    long thawed =
        frozen(
            () -> {
              assertNull(cache.get("other", STRING)); // times out: the breaker opens
              cache.delete("k"); // not sent: remembered
            });

    // Read as fast as a busy application would, across the probe and the breaker closing.
    List<String> seen = new ArrayList<>();
    while (cache.circuitState() != CircuitState.CLOSED) {
      assertTrue(System.nanoTime() - thawed < BOUND.toNanos(), "the breaker did not close in time");
      String value = cache.get("k", STRING);
      if (value != null) {
        seen.add(value);
      }
    }
    String afterClosing = cache.get("k", STRING);

    assertEquals(List.of(), seen);
    assertNull(afterClosing);
    assertFalse(raw.exists(PREFIX + "k"));
  }

  // ---------------------------------------------------------------- the probe

  @Test
  void callersNeverProbeTheTimerDoesWithPing() {
    DefaultRedisCache cache = cache(1);
    cache.set("k", "v", MINUTE);

    long thawed =
        frozen(
            () -> {
              assertNull(cache.get("k", STRING)); // times out: the breaker opens
              assertEquals(CircuitState.OPEN, cache.circuitState());
              // The open duration passes with no call at all: the timer takes the probe itself.
              awaitTrue(
                  () -> cache.circuitState() == CircuitState.HALF_OPEN,
                  Duration.ofSeconds(10),
                  "the timer to probe");
              long errors = cache.errorCount();
              long skipped = cache.skippedCount();
              long start = System.nanoTime();

              assertNull(cache.get("k", STRING)); // while the probe waits on the frozen server

              Duration took = Duration.ofNanos(System.nanoTime() - start);
              assertTrue(took.compareTo(READ_TIMEOUT) < 0, "a call during the probe took " + took);
              assertEquals(errors, cache.errorCount(), "the call went to Redis");
              assertEquals(skipped + 1, cache.skippedCount());
            });

    awaitWithinBound(
        thawed, () -> cache.circuitState() == CircuitState.CLOSED, "the PING probe to close the breaker");
    assertEquals("v", cache.get("k", STRING));
  }

  // ---------------------------------------------------------------- the timer thread

  @Test
  void theTimerIsADaemonThatRunsOnlyWhileThereIsSomethingToDeliver() {
    DefaultRedisCache cache = cache(5);
    cache.set("k", "v", MINUTE);
    Set<Thread> before = timerThreads();

    Set<Thread> started = new java.util.HashSet<>();
    frozen(
        () -> {
          cache.delete("k"); // times out: remembered, and the timer starts
          started.addAll(timerThreads());
          started.removeAll(before);
        });

    assertFalse(started.isEmpty(), "no timer thread was started for the undelivered delete");
    for (Thread thread : started) {
      assertTrue(thread.isDaemon(), thread + " would keep the JVM alive");
    }
    awaitTrue(() -> !raw.exists(PREFIX + "k"), BOUND, "the delete to be delivered");
    awaitTrue(
        () -> started.stream().noneMatch(Thread::isAlive),
        Duration.ofSeconds(5),
        "the timer to stop once idle");
  }

  private static Set<Thread> timerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("lightcache-redis-timer-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  // ---------------------------------------------------------------- close()

  @Test
  void closeIsBoundedByItsTimeoutAndReportsWhatItDrops() {
    Duration closeTimeout = Duration.ofMillis(800);
    DefaultRedisCache cache = cache(config(1).closeTimeout(closeTimeout).build());
    cache.set("k", "v", MINUTE);
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger("dev.lightcache.redis");
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try {
      frozen(
          () -> {
            cache.delete("k");
            cache.invalidatePrefix("E:v1:");
            long start = System.nanoTime();

            cache.close(); // Redis is still frozen: nothing can be delivered

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(
                took.compareTo(closeTimeout.plusSeconds(1)) < 0,
                "close() took " + took + " with a timeout of " + closeTimeout);
          });
    } finally {
      logger.removeHandler(handler);
    }

    assertEquals(2, cache.droppedInvalidationCount());
    List<String> drops =
        records.stream()
            .filter(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("dropped"))
            .map(LogRecord::getMessage)
            .toList();
    assertEquals(1, drops.size(), "one line for the drops: " + drops);
    assertTrue(drops.get(0).contains("dropped 2 invalidation"), drops.get(0));
    assertTrue(drops.get(0).contains(PREFIX + "k"), drops.get(0));
    assertTrue(drops.get(0).contains(PREFIX + "E:v1:*"), drops.get(0));
  }

  @Test
  void closeDeliversWhatTheTimerHasNotYet() {
    // A long open duration: the timer will not probe before close() runs.
    DefaultRedisCache cache = cache(config(1).openDuration(MINUTE).build());
    cache.set("k", "v", MINUTE);
    frozen(
        () -> {
          assertNull(cache.get("other", STRING)); // times out: the breaker opens
          cache.delete("k"); // not sent: remembered
        });
    assertEquals(CircuitState.OPEN, cache.circuitState());
    assertTrue(raw.exists(PREFIX + "k"));

    cache.close();

    assertFalse(raw.exists(PREFIX + "k"));
    assertEquals(0, cache.droppedInvalidationCount());
  }
}
