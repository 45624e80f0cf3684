package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/** Password (AUTH) and ACL users, against a server started with {@code --requirepass}. */
class RedisAuthTest {

  private static final String PASSWORD = "p@ss:word with spaces";

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.withPassword(PASSWORD);

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void aPasswordInTheUrlAuthenticates() {
    assertTrue(redis.url().contains("p%40ss%3Aword%20with%20spaces@"), redis.url());
    try (DefaultRedisCache cache = new DefaultRedisCache(redis.url())) {
      cache.set("auth-test", "v", MINUTE);

      assertEquals("v", cache.get("auth-test", STRING));
      assertEquals(0, cache.errorCount());
      cache.flush();
    }
  }

  @Test
  void aWrongPasswordIsAMissNotAnException() {
    String wrong = "redis://:wrong@127.0.0.1:" + redis.port();
    RedisCacheConfig config = RedisCacheConfig.builder().failureThreshold(2).build();
    try (DefaultRedisCache cache = new DefaultRedisCache(wrong, config)) {
      for (int i = 0; i < 5; i++) {
        cache.set("k", "v", MINUTE);
        assertNull(cache.get("k", STRING));
      }

      assertEquals(2, cache.errorCount());
      assertEquals(DefaultRedisCache.CircuitState.OPEN, cache.circuitState());
    }
  }

  @Test
  @SuppressWarnings("deprecation") // sendCommand: Jedis's UnifiedJedis has no ACL SETUSER method
  void anAclUserWithoutDangerousCommandsLimitedToThePrefixCanDoEverything() {
    try (RedisClient admin = redis.newClient()) {
      // Only the keys under app:, and no @dangerous command (KEYS, FLUSHDB, FLUSHALL...).
      admin.sendCommand(
          Protocol.Command.ACL, "SETUSER", "app", "reset", "on", ">app-secret", "~app:*", "+@all",
          "-@dangerous");
    }
    RedisCacheConfig config = RedisCacheConfig.builder().prefix("app:").build();
    try (DefaultRedisCache cache =
        new DefaultRedisCache("redis://app:app-secret@127.0.0.1:" + redis.port(), config)) {
      cache.set("E:v1:get(long):1", "v", MINUTE);
      assertEquals("v", cache.get("E:v1:get(long):1", STRING));

      cache.invalidatePrefix("E:v1:");
      assertNull(cache.get("E:v1:get(long):1", STRING));
      cache.set("k", "v", MINUTE);
      cache.flush();
      assertNull(cache.get("k", STRING));

      assertEquals(0, cache.errorCount());
    }
  }

  @Test
  @SuppressWarnings("deprecation") // sendCommand: Jedis's UnifiedJedis has no ACL SETUSER method
  void keysTheAclForbidsAreErrorsButNoOutage() {
    try (RedisClient admin = redis.newClient()) {
      admin.sendCommand(
          Protocol.Command.ACL, "SETUSER", "narrow", "reset", "on", ">narrow-secret", "~app:*",
          "+@all", "-@dangerous");
    }
    RedisCacheConfig config = RedisCacheConfig.builder().prefix("elsewhere:").failureThreshold(2).build();
    try (DefaultRedisCache cache =
        new DefaultRedisCache("redis://narrow:narrow-secret@127.0.0.1:" + redis.port(), config)) {
      for (int i = 0; i < 5; i++) {
        cache.set("k", "v", MINUTE);
        assertNull(cache.get("k", STRING));
        cache.delete("k");
      }

      // NOPERM is an answer: Redis works, so the breaker stays closed and every call is tried.
      assertEquals(15, cache.errorCount());
      assertEquals(0, cache.skippedCount());
      assertEquals(DefaultRedisCache.CircuitState.CLOSED, cache.circuitState());
    }
  }
}
