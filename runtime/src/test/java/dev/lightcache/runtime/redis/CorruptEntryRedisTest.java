package dev.lightcache.runtime.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.RedisClient;

/**
 * Entries that someone wrote by hand (as with {@code redis-cli SET}) under a cache's keys, read through
 * the public API of a {@link DefaultRedisCache} with its default codec: a corrupt entry is a miss, is
 * deleted and is counted; a well-formed one is a hit.
 */
class CorruptEntryRedisTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  /** The prefix a cache built from a URL alone puts before every key. */
  private static final String DEFAULT_PREFIX = "lightcache:";

  record Item(long id, String name, int qty) {}

  enum Colour {
    RED,
    GREEN
  }

  static final ValueType<Item> ITEM = ValueType.of(Item.class);
  static final ValueType<Long> LONG = ValueType.of(long.class);

  /** Each test has its own keys, so tests can share an external Redis. */
  private final String keyBase = "CorruptEntryRedisTest:" + UUID.randomUUID() + ":";

  private final List<String> written = new ArrayList<>();
  private RedisClient raw;
  private DefaultRedisCache cache;

  @BeforeEach
  void connect() {
    raw = redis.newClient();
    cache = new DefaultRedisCache(redis.url());
  }

  @AfterEach
  void cleanUp() {
    try {
      for (String key : written) {
        raw.del(redisKey(key));
      }
    } finally {
      cache.close();
      raw.close();
    }
  }

  static Stream<Arguments> corruptEntries() {
    return Stream.of(
        corrupt("empty object for a record", "{}", ITEM),
        corrupt("older shape missing a field", "{\"id\":1,\"name\":\"x\"}", ITEM),
        corrupt("null for a primitive component", "{\"id\":null,\"name\":\"x\",\"qty\":1}", ITEM),
        corrupt("JSON null under long", "null", LONG),
        corrupt("JSON null under int", "null", ValueType.of(int.class)),
        corrupt("null in a long[]", "[1,null]", ValueType.arrayOf(ValueType.of(long.class))),
        corrupt(
            "record with a null primitive in a list",
            "[{\"id\":1,\"name\":\"a\",\"qty\":null}]",
            ValueType.of(List.class, ITEM)),
        corrupt("string for a record", "\"x\"", ITEM),
        corrupt("number for a String component", "{\"id\":1,\"name\":5,\"qty\":1}", ITEM),
        corrupt("fraction for a long", "42.5", LONG),
        corrupt("empty string for a long", "\"\"", LONG),
        corrupt("number for an enum", "0", ValueType.of(Colour.class)),
        corrupt("unknown property", "{\"id\":1,\"name\":\"x\",\"qty\":2,\"color\":\"red\"}", ITEM),
        corrupt("duplicate property", "{\"id\":1,\"name\":\"x\",\"qty\":2,\"qty\":3}", ITEM),
        corrupt("trailing garbage", "{\"id\":1,\"name\":\"x\",\"qty\":2}garbage", ITEM),
        corrupt("truncated", "{\"id\":1,\"na", ITEM),
        corrupt("not JSON", "hello", ValueType.of(String.class)));
  }

  private static Arguments corrupt(String form, String stored, ValueType<?> type) {
    return Arguments.of(form, stored, type);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptEntries")
  void aCorruptEntryIsAMissThatIsDeletedAndCounted(String form, String stored, ValueType<?> type) {
    String key = key("corrupt");
    writeRaw(key, stored.getBytes(UTF_8));
    long corruptBefore = cache.corruptEntryCount();

    Object read = cache.get(key, type);

    assertNull(read, form + " read as " + read);
    assertEquals(corruptBefore + 1, cache.corruptEntryCount(), form);
    assertTrue(eventuallyGone(key), form + ": the corrupt entry is still in Redis");
  }

  @Test
  void aWellFormedEntryWrittenByHandIsAHit() {
    String item = key("item");
    String nullName = key("null-name");
    String number = key("number");
    String array = key("array");
    writeRaw(item, "{\"id\":7,\"name\":\"seven\",\"qty\":3}".getBytes(UTF_8));
    writeRaw(nullName, "{\"id\":8,\"name\":null,\"qty\":0}".getBytes(UTF_8));
    writeRaw(number, "42".getBytes(UTF_8));
    writeRaw(array, "[3,1,2]".getBytes(UTF_8));

    assertEquals(new Item(7, "seven", 3), cache.get(item, ITEM));
    assertEquals(new Item(8, null, 0), cache.get(nullName, ITEM));
    assertEquals(42L, cache.get(number, LONG));
    assertArrayEquals(
        new long[] {3, 1, 2}, cache.get(array, ValueType.arrayOf(ValueType.of(long.class))));
    assertEquals(0, cache.corruptEntryCount());
    assertTrue(raw.exists(redisKey(item)));
  }

  @Test
  void whatTheCacheWritesIsAHitAndNotCorrupt() {
    String item = key("set-item");
    String empty = key("set-null-component");
    String cachedNull = key("set-null");
    written.addAll(List.of(item, empty, cachedNull));

    cache.set(item, new Item(1, "one", 2), Duration.ofMinutes(1));
    cache.set(empty, new Item(0, null, 0), Duration.ofMinutes(1));
    cache.set(cachedNull, NullValue.INSTANCE, Duration.ofMinutes(1));

    assertEquals(new Item(1, "one", 2), cache.get(item, ITEM));
    assertEquals(new Item(0, null, 0), cache.get(empty, ITEM));
    assertSame(NullValue.INSTANCE, cache.get(cachedNull, ITEM));
    assertEquals(0, cache.corruptEntryCount());
  }

  @Test
  void aCorruptEntryDoesNotTouchItsNeighbours() {
    String good = key("good");
    String bad = key("bad");
    writeRaw(good, "{\"id\":1,\"name\":\"a\",\"qty\":1}".getBytes(UTF_8));
    writeRaw(bad, "{}".getBytes(UTF_8));

    assertNull(cache.get(bad, ITEM));

    assertEquals(new Item(1, "a", 1), cache.get(good, ITEM));
    assertTrue(eventuallyGone(bad));
    assertEquals(1, cache.corruptEntryCount());
  }

  // ---------------------------------------------------------------- helpers

  private String key(String name) {
    return keyBase + name;
  }

  private static byte[] redisKey(String key) {
    return (DEFAULT_PREFIX + key).getBytes(UTF_8);
  }

  /** Writes under the cache's key with a plain client, as a user with {@code redis-cli} would. */
  private void writeRaw(String key, byte[] value) {
    written.add(key);
    raw.set(redisKey(key), value);
  }

  /** Whether the key is gone within two seconds (a cache may delete corrupt entries asynchronously). */
  private boolean eventuallyGone(String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (raw.exists(redisKey(key))) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
