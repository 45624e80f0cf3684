package dev.lightcache.runtime.redis;

import static dev.lightcache.runtime.redis.DefaultRedisCacheTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * Invalidations refused outright (the server was killed with SIGKILL) while the breaker stays closed,
 * and a server that comes back with its data (append-only file): the entries they meant to remove are
 * there again. The cache must deliver them without further calls, and must not read or fill the keys
 * they cover meanwhile.
 */
class UndeliveredInvalidationAfterCrashTest {

  @RegisterExtension
  static final RedisServerExtension redis = RedisServerExtension.privateServerWithAppendOnlyFile();

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration READ_TIMEOUT = Duration.ofMillis(300);
  private static final Duration OPEN_DURATION = Duration.ofMillis(500);
  private static final Duration BOUND = OPEN_DURATION.plus(READ_TIMEOUT).plusSeconds(1);

  private static DefaultRedisCache cache(String prefix) {
    return new DefaultRedisCache(
        redis.url(),
        RedisCacheConfig.builder()
            .prefix(prefix)
            .connectTimeout(READ_TIMEOUT)
            .readTimeout(READ_TIMEOUT)
            .failureThreshold(1_000) // the breaker stays closed through the whole outage
            .openDuration(OPEN_DURATION)
            .build());
  }

  private static void awaitWithinBound(long since, BooleanSupplier condition, String what) {
    awaitTrue(condition, Duration.ofSeconds(15), what);
    Duration took = Duration.ofNanos(System.nanoTime() - since);
    assertTrue(took.compareTo(BOUND) <= 0, what + " took " + took + ", over the bound of " + BOUND);
  }

  @Test
  void refusedInvalidationsAreDeliveredWithoutAnotherCallOnceRedisIsBack() {
    String prefix = "crash-delivery:";
    try (DefaultRedisCache writer = cache(prefix);
        DefaultRedisCache reader = cache(prefix)) {
      writer.set("k", "before the write", MINUTE);
      writer.set("E:v1:get(long):1", "before the write", MINUTE);
      assertEquals("before the write", reader.get("k", STRING));

      redis.kill();
      try {
        writer.delete("k"); // connection refused: never reached Redis
        writer.invalidatePrefix("E:v1:");
      } finally {
        redis.restart(); // with its data: the entries are back
      }
      long restarted = System.nanoTime();
      assertEquals(CircuitState.CLOSED, writer.circuitState());

      // No call to the writer from here on: its timer alone must deliver what it owes.
      awaitWithinBound(
          restarted,
          () -> reader.get("k", STRING) == null && reader.get("E:v1:get(long):1", STRING) == null,
          "the other process to stop serving the invalidated entries");
    }
  }

  @Test
  void keysAnUndeliveredInvalidationCoversAreMissesAndAreNotFilledUntilItIsDelivered() {
    String prefix = "crash-covered:";
    try (DefaultRedisCache cache = cache(prefix)) {
      cache.set("k", "stale", MINUTE);
      cache.set("E:v1:get(long):1", "stale", MINUTE);
      cache.set("F:v1:get(long):1", "kept", MINUTE);

      redis.kill();
      try {
        cache.delete("k");
        cache.invalidatePrefix("E:v1:");
        long skipped = cache.skippedCount();
        assertNull(cache.get("k", STRING));
        assertNull(cache.get("E:v1:get(long):1", STRING));
        cache.set("k", "loaded before the write", MINUTE);
        assertEquals(skipped + 3, cache.skippedCount(), "covered reads and fills went to Redis");
      } finally {
        redis.restart();
      }
      long restarted = System.nanoTime();

      // The first reads once Redis is back cannot be the entries waiting to be deleted.
      assertNull(cache.get("k", STRING));
      assertNull(cache.get("E:v1:get(long):1", STRING));
      try (RedisClient raw = redis.newClient()) { // a client from before the crash lost its connections
        awaitWithinBound(
            restarted,
            () -> !raw.exists(prefix + "k") && !raw.exists(prefix + "E:v1:get(long):1"),
            "the invalidations to be delivered");
        assertEquals("\"kept\"", raw.get(prefix + "F:v1:get(long):1"));
      }
      assertEquals("kept", cache.get("F:v1:get(long):1", STRING));
    }
  }
}
