package dev.lightcache.runtime.redis;

import static dev.lightcache.runtime.redis.DefaultRedisCacheTest.awaitTrue;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.STRING;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.fillNear;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.near;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.serving;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.subscriber;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The near cache when its subscription is lost: Redis killed (the connection resets) or frozen with
 * SIGSTOP (the connection stays open and says nothing). Either way the near cache is emptied and
 * bypassed until a new subscription is confirmed, and then serves again.
 */
class NearCacheOutageTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.privateServer();

  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final String prefix = "near-outage-" + UUID.randomUUID() + ":";

  @AfterEach
  void resumeServer() {
    try {
      redis.resume(); // harmless when running
    } catch (IllegalStateException e) {
      redis.restart(); // a failed test may leave it killed
    }
  }

  private DefaultRedisCache cache() {
    return new DefaultRedisCache(
        redis.url(),
        RedisCacheConfig.builder()
            .prefix(prefix)
            .connectTimeout(READ_TIMEOUT)
            .readTimeout(READ_TIMEOUT)
            .failureThreshold(3)
            .openDuration(Duration.ofMillis(200))
            .closeTimeout(Duration.ofSeconds(2))
            .nearCache(1000, Duration.ofMinutes(1))
            .build());
  }

  private static void writeDirectly(RedisClient raw, String key, String value) throws Exception {
    raw.set(key.getBytes(StandardCharsets.UTF_8), new JacksonCodec().encode(value));
  }

  @Test
  void aKilledRedisEmptiesAndBypassesTheNearCacheUntilSubscribedAgain() throws Exception {
    try (DefaultRedisCache cache = serving(cache())) {
      cache.set("k", "before", Duration.ofMinutes(1));
      fillNear(cache, "k", "before");
      long subscriptions = subscriber(cache).subscriptionCount();

      long killed = System.nanoTime();
      redis.kill();
      awaitTrue(
          () -> !near(cache).serving() && !near(cache).holds("k"),
          PATIENCE,
          "the near cache to stop serving and be emptied");
      System.out.printf(
          "[near] Redis killed: near cache off after %.1f ms%n", (System.nanoTime() - killed) / 1e6);
      long nearHits = cache.nearHitCount();
      assertNull(cache.get("k", STRING), "bypassed: Redis is down, so a miss");
      assertEquals(nearHits, cache.nearHitCount());

      redis.restart(); // empty: whatever was published meanwhile, this process heard nothing of it
      try (RedisClient raw = redis.newClient()) {
        writeDirectly(raw, prefix + "k", "after"); // changed while this process was not listening
      }
      awaitTrue(() -> near(cache).serving(), PATIENCE, "the near cache to serve again");
      assertTrue(subscriber(cache).subscriptionCount() > subscriptions);
      assertTrue(subscriber(cache).lossCount() >= 1);
      awaitTrue(
          () -> cache.circuitState() == CircuitState.CLOSED, PATIENCE, "the breaker to close");

      assertEquals("after", cache.get("k", STRING), "no stale near entry survived the outage");
      fillNear(cache, "k", "after"); // and the near cache works again
    }
  }

  @Test
  void aFrozenRedisIsNoticedByTheHeartbeat() throws Exception {
    try (DefaultRedisCache cache = serving(cache())) {
      cache.set("k", "v", Duration.ofMinutes(1));
      fillNear(cache, "k", "v");

      long paused = System.nanoTime();
      redis.pause();
      // No read reaches Redis meanwhile: only the heartbeat can find out.
      awaitTrue(
          () -> !near(cache).serving() && !near(cache).holds("k"),
          PATIENCE,
          "the near cache to stop serving and be emptied");
      long noticed = System.nanoTime() - paused;
      System.out.printf("[near] Redis frozen: near cache off after %.1f ms%n", noticed / 1e6);
      assertEquals(CircuitState.CLOSED, cache.circuitState(), "the breaker did not find out");
      assertTrue(
          noticed < Duration.ofMillis(NearSubscriber.HEARTBEAT_INTERVAL_MILLIS).plus(READ_TIMEOUT).plus(READ_TIMEOUT)
              .plusSeconds(3).toNanos(),
          "a silent subscription is noticed within the heartbeat interval and twice the read timeout");

      redis.resume();
      awaitTrue(() -> near(cache).serving(), PATIENCE, "the near cache to serve again");
      awaitTrue(
          () -> cache.circuitState() == CircuitState.CLOSED, PATIENCE, "the breaker to close");
      fillNear(cache, "k", "v");
    }
  }

  @Test
  void anOpenBreakerBypassesTheNearCache() throws Exception {
    try (DefaultRedisCache cache = serving(cache())) {
      cache.set("k", "v", Duration.ofMinutes(1));
      fillNear(cache, "k", "v");
      redis.pause();
      for (int i = 0; i < 3; i++) {
        cache.get("other" + i, STRING); // three timeouts open the breaker
      }
      assertEquals(CircuitState.OPEN, cache.circuitState());
      long nearHits = cache.nearHitCount();
      assertNull(cache.get("k", STRING), "bypassed at once, whatever the subscription's state");
      assertEquals(nearHits, cache.nearHitCount());
      awaitTrue(() -> !near(cache).holds("k"), PATIENCE, "the watchdog to empty it");
      redis.resume();
      awaitTrue(
          () -> cache.circuitState() == CircuitState.CLOSED && near(cache).serving(),
          PATIENCE,
          "the breaker to close and the near cache to serve");
      fillNear(cache, "k", "v");
    }
  }

  @Test
  void closeIsBoundedWhileRedisIsFrozen() {
    DefaultRedisCache cache = serving(cache());
    redis.pause();
    long start = System.nanoTime();
    cache.close();
    long took = System.nanoTime() - start;
    System.out.printf("[near] close with Redis frozen took %.1f ms%n", took / 1e6);
    assertTrue(took < Duration.ofSeconds(2).plusMillis(500).toNanos(), "close took " + took / 1e6 + " ms");
    assertEquals(Set.of(), NearCacheRedisTest.nearThreads(), "the near cache's threads are gone");
  }
}
