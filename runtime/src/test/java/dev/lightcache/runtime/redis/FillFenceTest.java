package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * "A write wins" across processes: a load in one process racing an invalidation from another. Two
 * caches over one server are two clients, two processes as far as Redis can tell: {@code loader}
 * misses, {@code writer} invalidates, {@code loader} then stores what it loaded before the write.
 * The interleaving is forced by the order of the calls; the fill must not be stored.
 */
class FillFenceTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final String KEY = "com.acme.P:v1:get(long):1";

  private final String prefix = "fence-test-" + UUID.randomUUID() + ":";
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RedisClient raw;
  private DefaultRedisCache loader;
  private DefaultRedisCache writer;

  @BeforeEach
  void connect() {
    raw = redis.newClient();
    closeables.add(raw);
    loader = cache();
    writer = cache();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (String key : raw.keys(RedisPatterns.prefixPattern(prefix))) {
      raw.del(key);
    }
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private DefaultRedisCache cache() {
    DefaultRedisCache cache = new DefaultRedisCache(redis.url(), RedisCacheConfig.builder().prefix(prefix).build());
    closeables.add(cache);
    return cache;
  }

  /** loader misses, {@code between} runs, loader stores the value it loaded before. */
  private void missThenFill(Consumer<DefaultRedisCache> between) {
    assertNull(loader.get(KEY, STRING));
    between.accept(writer);
    loader.set(KEY, "loaded before the write", MINUTE);
  }

  @Test
  void aFillOvertakenByADeleteFromAnotherProcessIsNotStored() {
    missThenFill(w -> w.delete(KEY));

    assertFalse(raw.exists(prefix + KEY));
    assertNull(writer.get(KEY, STRING));
    assertEquals(1, loader.refusedFillCount());
  }

  @Test
  void aFillOvertakenByAPrefixInvalidationIsNotStored() {
    missThenFill(w -> w.invalidatePrefix("com.acme.P:v1:"));

    assertFalse(raw.exists(prefix + KEY));
    assertEquals(1, loader.refusedFillCount());
  }

  @Test
  void aFillOvertakenByAFlushIsNotStored() {
    missThenFill(DefaultRedisCache::flush);

    assertFalse(raw.exists(prefix + KEY));
    assertEquals(1, loader.refusedFillCount());
  }

  @Test
  void aFillIsStoredWhenNoInvalidationCoveringItsKeyCameBetween() {
    missThenFill(
        w -> {
          w.delete("com.acme.P:v1:get(long):2");
          w.invalidatePrefix("com.acme.P:v2:");
          w.invalidatePrefix("com.acme.Q:");
        });

    assertEquals("loaded before the write", writer.get(KEY, STRING));
    assertEquals(0, loader.refusedFillCount());
  }

  @Test
  void aFillWithNothingBetweenIsStoredAndADirectSetIsPlain() {
    missThenFill(w -> {});
    assertEquals("loaded before the write", writer.get(KEY, STRING));

    writer.delete(KEY);
    loader.set(KEY, "a direct write, no miss before it", MINUTE); // no miss remembered: a plain SET

    assertEquals("a direct write, no miss before it", writer.get(KEY, STRING));
  }

  @Test
  void hitsRememberNothingSoASetAfterThemIsPlain() {
    writer.set(KEY, "v1", MINUTE);
    assertEquals("v1", loader.get(KEY, STRING));
    assertEquals("v1", loader.get(KEY, STRING));
    writer.delete(KEY);

    loader.set(KEY, "v2", MINUTE); // no miss came before it

    assertEquals("v2", writer.get(KEY, STRING));
    assertEquals(0, loader.refusedFillCount());
  }

  @Test
  void everyConcurrentMissOfOneKeyIsFencedNotOnlyTheFirst() {
    assertNull(loader.get(KEY, STRING));
    assertNull(loader.get(KEY, STRING)); // two loads of one key under way in this process
    writer.delete(KEY);

    loader.set(KEY, "first load", MINUTE);
    loader.set(KEY, "second load", MINUTE);

    assertFalse(raw.exists(prefix + KEY));
    assertEquals(2, loader.refusedFillCount());
  }

  @Test
  void aLoadThatOutlivesTheLogIsNotStored() {
    assertNull(loader.get(KEY, STRING));
    // Unrelated invalidations, more than the log keeps: the loader can no longer tell whether one
    // of the trimmed ones covered its key.
    for (int i = 0; i <= FillFence.LOG_LENGTH; i++) {
      writer.delete("other:" + i);
    }

    loader.set(KEY, "loaded long ago", MINUTE);

    assertFalse(raw.exists(prefix + KEY));
    assertEquals(1, loader.refusedFillCount());
    assertEquals(FillFence.LOG_LENGTH, raw.zcard(prefix + FillFence.RESERVED + "log"));
  }

  @Test
  void flushAndPrefixInvalidationNeverRemoveTheFencesOwnKeys() {
    writer.set(KEY, "v", MINUTE);
    writer.delete(KEY);
    assertTrue(raw.exists(prefix + FillFence.RESERVED + "seq"));
    assertTrue(raw.exists(prefix + FillFence.RESERVED + "log"));

    writer.flush();
    writer.invalidatePrefix("");
    writer.invalidatePrefix(FillFence.RESERVED);

    assertTrue(raw.exists(prefix + FillFence.RESERVED + "seq"));
    assertTrue(raw.exists(prefix + FillFence.RESERVED + "log"));
    assertNull(writer.get(FillFence.RESERVED + "seq", STRING), "the cache's own keys are no entries");
  }

  @Test
  void aCorruptEntryIsRemovedWithoutRefusingTheFillThatRepairsIt() {
    raw.set(prefix + KEY, "{not json");

    assertNull(loader.get(KEY, STRING));
    loader.set(KEY, "repaired", MINUTE);

    assertEquals(1, loader.corruptEntryCount());
    assertEquals("repaired", writer.get(KEY, STRING));
  }
}
