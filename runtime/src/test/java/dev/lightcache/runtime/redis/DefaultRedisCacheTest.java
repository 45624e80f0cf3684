package dev.lightcache.runtime.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class DefaultRedisCacheTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final ValueType<Product> PRODUCT = ValueType.of(Product.class);
  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** Each test has its own prefix, so tests can share an external Redis. */
  private final String prefix = "lightcache-test-" + UUID.randomUUID() + ":";

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RedisClient raw;

  @BeforeEach
  void connect() {
    raw = redis.newClient();
    closeables.add(raw);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (String key : keysStartingWith(prefix)) {
      raw.del(key);
    }
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private DefaultRedisCache cache() {
    return cache(RedisCacheConfig.builder().prefix(prefix).build());
  }

  private DefaultRedisCache cache(RedisCacheConfig config) {
    DefaultRedisCache cache = new DefaultRedisCache(redis.url(), config);
    closeables.add(cache);
    return cache;
  }

  /** The cache's entries: the keys under its prefix, without its own bookkeeping keys. */
  private Set<String> entriesStartingWith(String start) {
    Set<String> keys = keysStartingWith(start);
    keys.removeIf(key -> key.startsWith(prefix + FillFence.RESERVED));
    return keys;
  }

  private Set<String> keysStartingWith(String start) {
    Set<String> keys = new HashSet<>();
    ScanParams params = new ScanParams().match(RedisPatterns.prefixPattern(start)).count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanResult<String> page;
    do {
      page = raw.scan(cursor, params);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!page.isCompleteIteration());
    return keys;
  }

  // ---------------------------------------------------------------- storage

  @Test
  void storesReadableJsonUnderThePrefixWithAnExpiry() {
    DefaultRedisCache cache = cache();
    String key = "com.acme.ProductEndpoint:v1:get(long):42";

    cache.set(key, Product.of(42, "Dune"), MINUTE);

    String stored = raw.get(prefix + key);
    assertTrue(stored.startsWith("{\"id\":42,\"name\":\"Dune\""), stored);
    long ttl = raw.pttl(prefix + key);
    assertTrue(ttl > 0 && ttl <= MINUTE.toMillis(), "PTTL " + ttl);
    assertEquals(Product.of(42, "Dune"), cache.get(key, PRODUCT));
  }

  @Test
  void aNullExpirationMeansTheConfiguredDefaultNeverForever() {
    DefaultRedisCache cache =
        cache(RedisCacheConfig.builder().prefix(prefix).defaultExpiration(Duration.ofSeconds(90)).build());

    cache.set("k", "v", null);

    long ttl = raw.pttl(prefix + "k");
    assertTrue(ttl > 60_000 && ttl <= 90_000, "PTTL " + ttl);
  }

  @Test
  void theDefaultPrefixIsLightcache() {
    DefaultRedisCache cache = new DefaultRedisCache(redis.url());
    closeables.add(cache);
    String key = "DefaultRedisCacheTest:" + UUID.randomUUID();

    cache.set(key, "v", MINUTE);

    try {
      assertEquals("\"v\"", raw.get("lightcache:" + key));
    } finally {
      raw.del("lightcache:" + key);
    }
  }

  @Test
  void entriesExpire() {
    DefaultRedisCache cache = cache();
    cache.set("short", "gone soon", Duration.ofMillis(50));
    cache.set("long", "stays", MINUTE);

    awaitTrue(() -> cache.get("short", STRING) == null, Duration.ofSeconds(5), "short entry expiry");

    assertFalse(raw.exists(prefix + "short"));
    assertEquals("stays", cache.get("long", STRING));
  }

  // ---------------------------------------------------------------- types

  @Test
  void genericsDecodeToTheExactType() {
    DefaultRedisCache cache = cache();
    List<Product> products = List.of(Product.of(1, "a"), Product.of(2, "b"));
    Map<String, List<Product>> byCategory = Map.of("books", products);

    cache.set("list", products, MINUTE);
    cache.set("map", byCategory, MINUTE);
    cache.set("array", products.toArray(new Product[0]), MINUTE);

    List<?> list = cache.get("list", ValueType.of(List.class, PRODUCT));
    assertEquals(products, list);
    assertInstanceOf(Product.class, list.get(0));
    Map<?, ?> map =
        cache.get("map", ValueType.of(Map.class, STRING, ValueType.of(List.class, PRODUCT)));
    assertInstanceOf(Product.class, ((List<?>) map.get("books")).get(1));
    Product[] array = cache.get("array", ValueType.arrayOf(PRODUCT));
    assertEquals(products, List.of(array));
  }

  @Test
  void cachedNullsAndOptionalsRoundTrip() {
    DefaultRedisCache cache = cache();

    cache.set("null", NullValue.INSTANCE, MINUTE);
    cache.set("empty", Optional.empty(), MINUTE);
    cache.set("present", Optional.of(Product.of(3, "c")), MINUTE);

    assertSame(NullValue.INSTANCE, cache.get("null", PRODUCT));
    ValueType<Optional<Product>> optional = ValueType.of(Optional.class, PRODUCT);
    assertEquals(Optional.empty(), cache.get("empty", optional));
    assertEquals(Optional.of(Product.of(3, "c")), cache.get("present", optional));
    assertNull(cache.get("absent", PRODUCT));
    assertEquals(4, cache.hitCount() + cache.missCount());
    assertEquals(1, cache.missCount());
  }

  @Test
  void untypedReadsGoThroughTheTypedOne() {
    DefaultRedisCache cache = cache();
    cache.set("p", Product.of(5, "e"), MINUTE);

    Map<?, ?> json = assertInstanceOf(Map.class, cache.get("p"));

    assertEquals("e", json.get("name"));
  }

  // ---------------------------------------------------------------- corrupt entries

  @Test
  void aCorruptEntryIsAMissThatIsDeletedAndCounted() {
    DefaultRedisCache cache = cache();
    raw.set(prefix + "garbage", "{not json");
    raw.set(prefix + "old-shape", "{\"id\":1,\"title\":\"renamed\"}");

    assertNull(cache.get("garbage", PRODUCT));
    assertNull(cache.get("old-shape", PRODUCT));

    assertEquals(2, cache.corruptEntryCount());
    assertEquals(2, cache.missCount());
    assertFalse(raw.exists(prefix + "garbage"));
    assertFalse(raw.exists(prefix + "old-shape"));
    assertEquals(0, cache.errorCount());
  }

  @Test
  void anEntryOfAnotherRedisTypeIsCorruptToo() {
    DefaultRedisCache cache = cache();
    raw.lpush(prefix + "a-list", "x");

    assertNull(cache.get("a-list", STRING));

    assertEquals(1, cache.corruptEntryCount());
    assertEquals(1, cache.missCount());
    assertEquals(0, cache.errorCount());
    assertFalse(raw.exists(prefix + "a-list"));
  }

  // ---------------------------------------------------------------- value size

  @Test
  void valuesOverMaxValueBytesAreNeitherStoredNorRead() {
    DefaultRedisCache cache = cache(RedisCacheConfig.builder().prefix(prefix).maxValueBytes(100).build());
    String big = "x".repeat(150);

    cache.set("big", big, MINUTE);
    cache.set("small", "x".repeat(50), MINUTE);

    assertFalse(raw.exists(prefix + "big"));
    assertEquals("x".repeat(50), cache.get("small", STRING));
    assertEquals(1, cache.oversizedValueCount());

    raw.set(prefix + "written-elsewhere", "\"" + big + "\""); // another process, a larger limit

    assertNull(cache.get("written-elsewhere", STRING));
    assertFalse(raw.exists(prefix + "written-elsewhere"), "an oversized entry is deleted");
    assertEquals(2, cache.oversizedValueCount());
    assertEquals(0, cache.corruptEntryCount());
    assertEquals(0, cache.errorCount());
  }

  @Test
  void theDefaultMaxValueSizeIsOneMebibyte() {
    DefaultRedisCache cache = cache();
    String justUnder = "x".repeat(RedisCacheConfig.DEFAULT_MAX_VALUE_BYTES - 2); // JSON adds quotes
    String justOver = justUnder + "x";

    cache.set("under", justUnder, MINUTE);
    cache.set("over", justOver, MINUTE);

    assertEquals(justUnder, cache.get("under", STRING));
    assertFalse(raw.exists(prefix + "over"));
    assertEquals(1, cache.oversizedValueCount());
  }

  // ---------------------------------------------------------------- flush and invalidation

  @Test
  void flushRemovesThisPrefixOnly() {
    DefaultRedisCache cache = cache();
    String otherPrefix = prefix.substring(0, prefix.length() - 1) + "-other:";
    DefaultRedisCache other = cache(RedisCacheConfig.builder().prefix(otherPrefix).build());
    String foreign = prefix.substring(0, prefix.length() - 1); // the prefix without its ':'
    for (int i = 0; i < 30; i++) {
      cache.set("key" + i, i, MINUTE);
    }
    other.set("key0", "other's", MINUTE);
    raw.set(foreign, "not a cache entry");
    raw.set("unrelated:" + prefix, "not a cache entry");

    cache.flush();

    assertEquals(Set.of(), entriesStartingWith(prefix));
    assertEquals("other's", other.get("key0", STRING));
    assertEquals("not a cache entry", raw.get(foreign));
    assertEquals("not a cache entry", raw.get("unrelated:" + prefix));
    raw.del(foreign, "unrelated:" + prefix);
    other.flush();
  }

  @Test
  void invalidatingAnEndpointLeavesOtherEndpointsAndVersions() {
    DefaultRedisCache cache = cache();
    List<String> invalidated =
        List.of(
            "com.acme.ProductEndpoint:v1:get(long):1",
            "com.acme.ProductEndpoint:v1:get(long):2",
            "com.acme.ProductEndpoint:v1:list(int):0");
    List<String> kept =
        List.of(
            "com.acme.ProductEndpoint:v2:get(long):1",
            "com.acme.ProductEndpointAdmin:v1:get(long):1",
            "com.acme.OrderEndpoint:v1:get(long):1");
    for (String key : invalidated) {
      cache.set(key, "x", MINUTE);
    }
    for (String key : kept) {
      cache.set(key, "x", MINUTE);
    }

    cache.invalidatePrefix("com.acme.ProductEndpoint:v1:");

    for (String key : invalidated) {
      assertNull(cache.get(key, STRING), key);
    }
    for (String key : kept) {
      assertEquals("x", cache.get(key, STRING), key);
    }
  }

  @Test
  void invalidatingAMethodLeavesItsOverloadsAndSiblings() {
    DefaultRedisCache cache = cache();
    cache.set("com.acme.ProductEndpoint:v1:get(long):1", "x", MINUTE);
    cache.set("com.acme.ProductEndpoint:v1:get(long)", "x", MINUTE);
    cache.set("com.acme.ProductEndpoint:v1:get(long,int):1,2", "x", MINUTE);
    cache.set("com.acme.ProductEndpoint:v1:list(int):1", "x", MINUTE);

    cache.invalidatePrefix("com.acme.ProductEndpoint:v1:get(long)");

    assertEquals(
        Set.of(
            prefix + "com.acme.ProductEndpoint:v1:get(long,int):1,2",
            prefix + "com.acme.ProductEndpoint:v1:list(int):1"),
        entriesStartingWith(prefix));
  }

  @Test
  void globCharactersInPrefixesAreLiteral() {
    DefaultRedisCache cache = cache();
    for (String key : List.of("a[1]:x", "a1:x", "a*:x", "ab:x", "a?:x", "a\\:x", "a\\b:x")) {
      cache.set(key, "x", MINUTE);
    }

    cache.invalidatePrefix("a[1]:");
    cache.invalidatePrefix("a*:");
    cache.invalidatePrefix("a\\:");

    assertEquals(
        Set.of(prefix + "a1:x", prefix + "ab:x", prefix + "a?:x", prefix + "a\\b:x"),
        entriesStartingWith(prefix));
  }

  @Test
  void invalidationWalksEveryBatch() {
    DefaultRedisCache cache =
        cache(RedisCacheConfig.builder().prefix(prefix).scanBatchSize(50).build());
    for (int i = 0; i < 1200; i++) {
      cache.set("E:v1:get(int):" + i, i, MINUTE);
    }
    cache.set("F:v1:get(int):1", 1, MINUTE);

    cache.invalidatePrefix("E:v1:");

    assertEquals(Set.of(prefix + "F:v1:get(int):1"), entriesStartingWith(prefix));
  }

  // ---------------------------------------------------------------- several processes

  @Test
  void twoCachesSeeEachOthersWritesAndInvalidations() {
    DefaultRedisCache first = cache();
    DefaultRedisCache second = cache();

    first.set("com.acme.P:v1:get(long):1", Product.of(1, "a"), MINUTE);
    assertEquals(Product.of(1, "a"), second.get("com.acme.P:v1:get(long):1", PRODUCT));

    second.invalidatePrefix("com.acme.P:v1:");
    assertNull(first.get("com.acme.P:v1:get(long):1", PRODUCT));

    second.set("k", "v", MINUTE);
    first.delete("k");
    assertNull(second.get("k", STRING));

    second.set("k", "v", MINUTE);
    first.flush();
    assertNull(second.get("k", STRING));
  }

  // ---------------------------------------------------------------- extension

  /** The seed's pattern: override get, call super.get, post-process the value. */
  static class ShoutingRedisCache extends DefaultRedisCache {
    ShoutingRedisCache(String url, RedisCacheConfig config) {
      super(url, config);
    }

    @Override
    public <T> @Nullable T get(String key, ValueType<T> type) {
      T value = super.get(key, type);
      return value == null ? null : processValue(value);
    }

    @SuppressWarnings("unchecked")
    <T> T processValue(T value) {
      return value instanceof String text ? (T) text.toUpperCase(java.util.Locale.ROOT) : value;
    }
  }

  @Test
  void aSubclassPostProcessesEveryRead() {
    ShoutingRedisCache cache =
        new ShoutingRedisCache(redis.url(), RedisCacheConfig.builder().prefix(prefix).build());
    closeables.add(cache);

    cache.set("greeting", "hello", MINUTE);
    cache.set("product", Product.of(1, "a"), MINUTE);

    assertEquals("HELLO", cache.get("greeting", STRING));
    assertEquals("HELLO", cache.get("greeting"));
    assertEquals(Product.of(1, "a"), cache.get("product", PRODUCT));
    assertNull(cache.get("missing", STRING));
    assertEquals("HELLO", cache.getAsync("greeting", STRING).toCompletableFuture().join());
  }

  @Test
  void protectedHooksShapeWhatIsStored() {
    var cache =
        new DefaultRedisCache(redis.url(), RedisCacheConfig.builder().prefix(prefix).build()) {
          @Override
          protected Duration expirationFor(String key, Object value, @Nullable Duration requested) {
            return Duration.ofSeconds(7); // e.g. a cap on every lifetime
          }

          @Override
          protected byte[] encode(String key, Object value) throws IOException {
            return ("v1|" + new String(super.encode(key, value), UTF_8)).getBytes(UTF_8);
          }

          @Override
          protected @Nullable Object decode(String key, byte[] bytes, ValueType<?> type)
              throws IOException {
            String text = new String(bytes, UTF_8);
            if (!text.startsWith("v1|")) {
              throw new IOException("unknown envelope");
            }
            return super.decode(key, text.substring(3).getBytes(UTF_8), type);
          }

          String pingThroughExecute() {
            return execute(dev.lightcache.runtime.CacheOperation.GET, "ping", client -> client.ping());
          }
        };
    closeables.add(cache);

    cache.set("k", "v", MINUTE);

    assertEquals("v1|\"v\"", raw.get(prefix + "k"));
    assertTrue(raw.pttl(prefix + "k") <= 7_000);
    assertEquals("v", cache.get("k", STRING));
    assertEquals("PONG", cache.pingThroughExecute());
  }

  // ---------------------------------------------------------------- asynchronous calls

  @Test
  void asyncCallsRoundTrip() throws Exception {
    DefaultRedisCache cache = cache();

    cache.setAsync("k", Product.of(9, "i"), MINUTE).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(
        Product.of(9, "i"),
        cache.getAsync("k", PRODUCT).toCompletableFuture().get(5, TimeUnit.SECONDS));
    cache.deleteAsync("k").toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertFalse(raw.exists(prefix + "k"));
  }

  @Test
  void aFullAsyncQueueNeverBlocksTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix(prefix).asyncThreads(1).asyncQueueCapacity(1).build();
    DefaultRedisCache cache =
        new DefaultRedisCache(redis.url(), config) {
          @Override
          public <T> @Nullable T get(String key, ValueType<T> type) {
            if (key.equals("slow")) {
              started.countDown();
              await(release);
            }
            return super.get(key, type);
          }
        };
    closeables.add(cache);
    cache.set("fast", "v", MINUTE);

    CompletableFuture<String> running = cache.getAsync("slow", STRING).toCompletableFuture();
    assertTrue(started.await(5, TimeUnit.SECONDS));
    CompletableFuture<String> queued = cache.getAsync("fast", STRING).toCompletableFuture();
    CompletableFuture<String> refused = cache.getAsync("fast", STRING).toCompletableFuture();
    CompletableFuture<Void> droppedWrite = cache.setAsync("w", "v", MINUTE).toCompletableFuture();

    assertTrue(refused.isDone());
    assertNull(refused.join());
    assertTrue(droppedWrite.isDone());
    assertEquals(2, cache.droppedAsyncCount());
    release.countDown();
    assertEquals("v", queued.get(5, TimeUnit.SECONDS));
    assertNull(running.get(5, TimeUnit.SECONDS));
    assertFalse(raw.exists(prefix + "w"));
  }

  // ---------------------------------------------------------------- construction and lifecycle

  @Test
  void aCallersClientIsUsedAndLeftOpen() {
    RedisClient client = redis.newClient();
    closeables.add(client);
    DefaultRedisCache cache =
        new DefaultRedisCache(client, new JacksonCodec(), RedisCacheConfig.builder().prefix(prefix).build());

    cache.set("k", "v", MINUTE);
    assertEquals("v", cache.get("k", STRING));
    cache.close();

    assertEquals("PONG", client.ping());
  }

  @Test
  void theDatabaseOfTheUrlIsUsed() {
    DefaultRedisCache cache = new DefaultRedisCache(redis.url(3), RedisCacheConfig.builder().prefix(prefix).build());
    closeables.add(cache);

    cache.set("k", "in db 3", MINUTE);

    assertFalse(raw.exists(prefix + "k"));
    try (RedisClient db3 = RedisClient.create(java.net.URI.create(redis.url(3)))) {
      assertEquals("\"in db 3\"", db3.get(prefix + "k"));
      db3.del(prefix + "k");
    }
  }

  @Test
  void theNoArgumentConstructorReadsTheSystemProperty() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv(DefaultRedisCache.URL_ENVIRONMENT_VARIABLE) == null,
        "LIGHTCACHE_REDIS_URL is set and takes precedence over the system property");
    String key = "DefaultRedisCacheTest:no-arg:" + UUID.randomUUID();
    System.setProperty(DefaultRedisCache.URL_SYSTEM_PROPERTY, redis.url());
    try (DefaultRedisCache cache = new DefaultRedisCache()) {
      assertEquals(redis.url(), DefaultRedisCache.defaultUrl());

      cache.set(key, "v", MINUTE);

      assertEquals("\"v\"", raw.get("lightcache:" + key));
    } finally {
      System.clearProperty(DefaultRedisCache.URL_SYSTEM_PROPERTY);
      raw.del("lightcache:" + key);
    }
    assertEquals(DefaultRedisCache.DEFAULT_URL, DefaultRedisCache.defaultUrl());
  }

  @Test
  void aClosedCacheMissesAndIgnoresWrites() {
    DefaultRedisCache cache = cache();
    cache.set("k", "v", MINUTE);
    cache.close();
    cache.close();

    assertNull(cache.get("k", STRING));
    cache.set("k2", "v", MINUTE);
    cache.delete("k");
    assertNull(cache.getAsync("k", STRING).toCompletableFuture().join());

    assertEquals(0, cache.errorCount());
    assertTrue(raw.exists(prefix + "k"));
    assertFalse(raw.exists(prefix + "k2"));
  }

  @Test
  void anUnreachableRedisIsAMissAndOpensTheBreaker() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // nothing listens there once the socket is closed
    }
    DefaultRedisCache down =
        new DefaultRedisCache(
            "redis://127.0.0.1:" + closedPort,
            RedisCacheConfig.builder().prefix(prefix).failureThreshold(3).openDuration(MINUTE).build());
    closeables.add(down);

    for (int i = 0; i < 10; i++) {
      down.set("k", "v", MINUTE);
      assertNull(down.get("k", STRING));
      down.delete("k");
      down.flush();
    }

    assertEquals(3, down.errorCount());
    assertEquals(37, down.skippedCount());
    assertEquals(10, down.missCount());
    assertEquals(DefaultRedisCache.CircuitState.OPEN, down.circuitState());
  }

  @Test
  void toStringNeverShowsThePassword() {
    DefaultRedisCache cache = new DefaultRedisCache("redis://app:s3cret@127.0.0.1:1/0");
    closeables.add(cache);

    assertEquals("DefaultRedisCache[redis://app:***@127.0.0.1:1/0, prefix=lightcache:]", cache.toString());
  }

  // ---------------------------------------------------------------- helpers

  static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      sleep(10);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
