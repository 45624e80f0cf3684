package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * "A write wins" with a real second JVM: {@link FillFenceChild} misses a key and waits; this process
 * invalidates it; the child then stores the value it loaded before the invalidation. It must not be
 * stored. Without the invalidation, the same child's fill is stored (so the test can fail).
 */
class FillFenceProcessTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final String KEY = "com.acme.P:v1:get(long):7";
  private static final long STEP_SECONDS = ChildJvm.STEP_SECONDS;

  @Test
  @Timeout(value = 2 * STEP_SECONDS + 30, unit = TimeUnit.SECONDS)
  void aLoadInAnotherJvmRacingADeleteHereIsNotStored() throws Exception {
    String prefix = "fence-process-" + UUID.randomUUID() + ":";
    try (DefaultRedisCache cache =
            new DefaultRedisCache(redis.url(), RedisCacheConfig.builder().prefix(prefix).build());
        RedisClient raw = redis.newClient()) {
      assertEquals("SET refused=1", runChild(prefix, c -> cache.delete(KEY), cache));

      assertFalse(raw.exists(prefix + KEY));
      assertNull(cache.get(KEY, STRING));

      assertEquals("SET refused=0", runChild(prefix, c -> {}, cache)); // nothing in between
      assertTrue(raw.exists(prefix + KEY));
      assertEquals("loaded before the write", cache.get(KEY, STRING));
      cache.flush();
    }
  }

  /** Runs the child to its miss, runs {@code between} here, lets the child fill; its last line. */
  private static String runChild(String prefix, Consumer<DefaultRedisCache> between, DefaultRedisCache cache)
      throws Exception {
    try (ChildJvm child = ChildJvm.start(FillFenceChild.class, redis.url(), prefix, KEY)) {
      assertEquals("MISSED", child.readLine());
      between.accept(cache);
      child.send("go");
      String last = child.readLine();
      assertEquals(0, child.awaitExit());
      return last;
    }
  }
}
