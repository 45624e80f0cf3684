package dev.lightcache.runtime.redis;

import static dev.lightcache.runtime.redis.NearCacheRedisTest.STRING;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.awaitDropped;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.describe;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.fillNear;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.serving;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invalidations from a real second JVM ({@link NearCacheChild}) drop this process's near entries:
 * a delete, a prefix invalidation and a flush, each measured from the moment this process asks the
 * child for it to the moment the entry is gone here (so it includes the pipe to the child).
 */
class NearCacheProcessTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final long STEP_SECONDS = 30;
  private static final int ROUNDS = 50;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void invalidationsFromAnotherJvmDropTheNearEntries() throws Exception {
    String prefix = "near-process-" + UUID.randomUUID() + ":";
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix(prefix).nearCache(100, Duration.ofMinutes(1)).build();
    try (ChildJvm child = ChildJvm.start(NearCacheChild.class, redis.url(), prefix);
        DefaultRedisCache cache = serving(new DefaultRedisCache(redis.url(), config))) {
      assertEquals("READY", child.readLine());
      child.send("delete warm-up"); // the child builds its client on its first call: not measured
      assertEquals("DONE", child.readLine());

      long[] deletes = new long[ROUNDS];
      for (int i = 0; i < ROUNDS; i++) {
        cache.set("k", "v" + i, Duration.ofMinutes(1));
        fillNear(cache, "k", "v" + i);
        deletes[i] = ask(child, "delete k", cache, "k");
        assertNull(cache.get("k", STRING));
      }
      System.out.println("[near] delete from another JVM, request to the child until the near"
          + " entry is dropped here: " + describe(deletes));

      cache.set("E:v1:get:1", "1", Duration.ofMinutes(1));
      cache.set("F:v1:get:1", "2", Duration.ofMinutes(1));
      fillNear(cache, "E:v1:get:1", "1");
      fillNear(cache, "F:v1:get:1", "2");
      long prefixNanos = ask(child, "prefix E:v1:", cache, "E:v1:get:1");
      assertNull(cache.get("E:v1:get:1", STRING));
      long nearHits = cache.nearHitCount();
      assertEquals("2", cache.get("F:v1:get:1", STRING), "another prefix's entry stays");
      assertEquals(nearHits + 1, cache.nearHitCount());

      long flushNanos = ask(child, "flush", cache, "F:v1:get:1");
      assertNull(cache.get("F:v1:get:1", STRING));
      System.out.printf(
          "[near] prefix from another JVM: %.3f ms; flush: %.3f ms%n", prefixNanos / 1e6, flushNanos / 1e6);

      child.closeInput();
      assertEquals(0, child.awaitExit());
    }
  }

  /** Sends one command to the child and waits until this process's near entry of key is dropped. */
  private static long ask(ChildJvm child, String command, DefaultRedisCache cache, String key)
      throws Exception {
    long start = System.nanoTime();
    child.send(command);
    long dropped = awaitDropped(cache, key, start);
    assertEquals("DONE", child.readLine());
    return dropped;
  }
}
