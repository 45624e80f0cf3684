package dev.lightcache.runtime.redis;

import static dev.lightcache.runtime.redis.DefaultRedisCacheTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * The near cache against a real Redis, in one JVM: several caches sharing the Redis stand for
 * several processes (each has its own near cache and subscription).
 */
class NearCacheRedisTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  static final ValueType<String> STRING = ValueType.of(String.class);
  static final Duration PATIENCE = Duration.ofSeconds(10);
  /** A liveness bound for one invalidation to reach another cache, not a performance goal. */
  static final Duration PROPAGATION_BOUND = Duration.ofSeconds(5);

  private final String prefix = "near-test-" + UUID.randomUUID() + ":";
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RedisClient raw;

  @BeforeEach
  void connect() {
    raw = redis.newClient();
    closeables.add(raw);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (String key : raw.keys(prefix + "*")) {
      raw.del(key);
    }
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private RedisCacheConfig.Builder config() {
    return RedisCacheConfig.builder().prefix(prefix).nearCache(1000, Duration.ofMinutes(1));
  }

  private DefaultRedisCache cache() {
    return track(new DefaultRedisCache(redis.url(), config().build()));
  }

  private <C extends AutoCloseable> C track(C closeable) {
    closeables.add(closeable);
    return closeable;
  }

  /** Starts the cache's subscription (the first read does) and waits until its near cache serves. */
  static DefaultRedisCache serving(DefaultRedisCache cache) {
    cache.get("near-test-warm-up", STRING);
    NearCache near = cache.near();
    assertNotNull(near);
    awaitTrue(near::serving, PATIENCE, "the near cache to serve (subscription confirmed)");
    return cache;
  }

  static NearCache near(DefaultRedisCache cache) {
    NearCache near = cache.near();
    assertNotNull(near);
    return near;
  }

  static NearSubscriber subscriber(DefaultRedisCache cache) {
    NearSubscriber subscriber = cache.nearSubscriber();
    assertNotNull(subscriber);
    return subscriber;
  }

  /** Reads {@code key} once from Redis (a near fill) and checks that the next read is a near hit. */
  static void fillNear(DefaultRedisCache cache, String key, String expected) {
    assertEquals(expected, cache.get(key, STRING));
    long nearHits = cache.nearHitCount();
    assertEquals(expected, cache.get(key, STRING));
    assertEquals(nearHits + 1, cache.nearHitCount(), "the second read of " + key + " is a near hit");
    assertTrue(near(cache).holds(key));
  }

  /** Waits, spinning, until the near cache no longer holds {@code key}; returns the nanoseconds. */
  static long awaitDropped(DefaultRedisCache cache, String key, long sinceNanos) {
    NearCache near = near(cache);
    long deadline = sinceNanos + PROPAGATION_BOUND.toNanos();
    while (near.holds(key)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the near entry of " + key + " was not dropped within " + PROPAGATION_BOUND);
      }
      Thread.onSpinWait();
    }
    return System.nanoTime() - sinceNanos;
  }

  static String describe(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(
        "n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms",
        sorted.length,
        sorted[sorted.length / 2] / 1e6,
        sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long commandCalls(RedisClient raw, String... commands) {
    Map<String, Long> calls =
        raw.info("commandstats")
            .lines()
            .filter(line -> line.startsWith("cmdstat_"))
            .collect(
                Collectors.toMap(
                    line -> line.substring(8, line.indexOf(':')),
                    line -> Long.parseLong(line.replaceAll(".*calls=(\\d+),.*", "$1"))));
    long sum = 0;
    for (String command : commands) {
      sum += calls.getOrDefault(command, 0L);
    }
    return sum;
  }

  private void writeDirectly(String key, String value) throws IOException {
    raw.set((prefix + key).getBytes(StandardCharsets.UTF_8), new JacksonCodec().encode(value));
  }

  // ---------------------------------------------------------------- one cache

  @Test
  void aNearHitAsksRedisNothing() throws Exception {
    DefaultRedisCache cache = serving(cache());
    cache.set("k", "v", Duration.ofMinutes(1));
    assertEquals("v", cache.get("k", STRING)); // from Redis: the near fill
    long hits = cache.hitCount();

    long before = commandCalls(raw, "evalsha", "eval", "get");
    for (int i = 0; i < 100; i++) {
      assertEquals("v", cache.get("k", STRING));
    }
    long after = commandCalls(raw, "evalsha", "eval", "get");

    // The INFO itself is not one of these; another test class may share an external Redis, though.
    assertTrue(after - before < 100, "the reads went to Redis: " + (after - before) + " commands");
    if (redis.isOwnServer()) {
      assertEquals(before, after, "no read command reached Redis");
    }
    assertEquals(100, cache.nearHitCount());
    assertEquals(hits + 100, cache.hitCount(), "near hits are hits");
  }

  @Test
  void aNearEntryIsTypedAndANullIsCachedToo() {
    DefaultRedisCache cache = serving(cache());
    cache.set("n", dev.lightcache.runtime.NullValue.INSTANCE, Duration.ofMinutes(1));
    assertEquals(dev.lightcache.runtime.NullValue.INSTANCE, cache.get("n", STRING));
    assertEquals(dev.lightcache.runtime.NullValue.INSTANCE, cache.get("n", STRING));
    assertEquals(1, cache.nearHitCount());

    cache.set("list", List.of("a"), Duration.ofMinutes(1));
    ValueType<List<String>> listOfStrings = ValueType.of(List.class, STRING);
    assertEquals(List.of("a"), cache.get("list", listOfStrings));
    assertEquals(List.of("a"), cache.get("list", ValueType.of(Object.class)), "read from Redis");
    assertEquals(1, cache.nearHitCount(), "another type is a near miss");
    assertEquals(List.of("a"), cache.get("list", ValueType.of(Object.class)));
    assertEquals(2, cache.nearHitCount(), "the entry now holds the value read as the last type");
  }

  @Test
  void aSetDropsThisCachesNearEntryOfTheKey() {
    DefaultRedisCache cache = serving(cache());
    cache.set("k", "old", Duration.ofMinutes(1));
    fillNear(cache, "k", "old");
    cache.set("k", "new", Duration.ofMinutes(1));
    assertEquals("new", cache.get("k", STRING));
  }

  @Test
  void ownInvalidationsApplyAtOnceAndTheirMessagesAreIgnored() {
    DefaultRedisCache a = serving(cache());
    DefaultRedisCache b = serving(cache());
    a.set("k", "v", Duration.ofMinutes(1));
    fillNear(a, "k", "v");

    a.delete("k");
    assertTrue(!near(a).holds("k"), "dropped before delete returned");
    assertNull(a.get("k", STRING));
    awaitTrue(() -> subscriber(b).receivedCount() == 1, PATIENCE, "b to hear the delete");
    DefaultRedisCacheTest.sleep(100);
    assertEquals(0, subscriber(a).receivedCount(), "a skipped its own message");
  }

  @Test
  void idleSubscriptionsStayUpAndHeartbeatsInvalidateNothing() {
    DefaultRedisCache a = serving(cache());
    DefaultRedisCache b = serving(cache());
    a.set("k", "v", Duration.ofMinutes(1));
    fillNear(a, "k", "v");
    DefaultRedisCacheTest.sleep(6 * NearSubscriber.HEARTBEAT_INTERVAL_MILLIS);
    for (DefaultRedisCache cache : List.of(a, b)) {
      assertTrue(near(cache).serving());
      assertEquals(1, subscriber(cache).subscriptionCount());
      assertEquals(0, subscriber(cache).lossCount(), "every heartbeat came back in time");
    }
    assertTrue(near(a).holds("k"), "heartbeats are not invalidations");
    fillNear(a, "k", "v");
  }

  // ---------------------------------------------------------------- two caches

  @Test
  void aDeleteFromAnotherCacheDropsTheNearEntry() {
    propagates((b, key) -> b.delete(key), "delete");
  }

  @Test
  void aPrefixInvalidationFromAnotherCacheDropsTheNearEntriesUnderIt() {
    DefaultRedisCache a = serving(cache());
    DefaultRedisCache b = serving(cache());
    b.set("E:v1:get:1", "1", Duration.ofMinutes(1));
    b.set("F:v1:get:1", "2", Duration.ofMinutes(1));
    fillNear(a, "E:v1:get:1", "1");
    fillNear(a, "F:v1:get:1", "2");

    long start = System.nanoTime();
    b.invalidatePrefix("E:v1:");
    long latency = awaitDropped(a, "E:v1:get:1", start);
    System.out.printf("[near] prefix invalidation reached the other cache in %.3f ms%n", latency / 1e6);

    assertNull(a.get("E:v1:get:1", STRING));
    long nearHits = a.nearHitCount();
    assertEquals("2", a.get("F:v1:get:1", STRING), "another prefix's entry stays");
    assertEquals(nearHits + 1, a.nearHitCount());
  }

  @Test
  void aFlushFromAnotherCacheEmptiesTheNearCache() {
    propagates((b, key) -> b.flush(), "flush");
  }

  /** 200 rounds: a fills its near cache, b invalidates, a's entry goes; prints the latencies. */
  private void propagates(Invalidation invalidation, String what) {
    DefaultRedisCache a = serving(cache());
    DefaultRedisCache b = serving(cache());
    int rounds = 200;
    long[] latencies = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      String key = "k" + (i % 10);
      b.set(key, "v" + i, Duration.ofMinutes(1));
      fillNear(a, key, "v" + i);
      long start = System.nanoTime();
      invalidation.run(b, key);
      latencies[i] = awaitDropped(a, key, start);
      assertNull(a.get(key, STRING), "after the " + what + ", a reads Redis");
    }
    System.out.println("[near] " + what + " from another cache (same JVM), start of the call to the"
        + " near entry dropped: " + describe(latencies));
  }

  @FunctionalInterface
  interface Invalidation {
    void run(DefaultRedisCache other, String key);
  }

  @Test
  void aMessageThatIsNotOursEmptiesTheNearCache() {
    DefaultRedisCache a = serving(cache());
    a.set("k", "v", Duration.ofMinutes(1));
    fillNear(a, "k", "v");
    raw.publish(prefix + "__lc:invalidations", "garbage");
    awaitDropped(a, "k", System.nanoTime());
  }

  // ---------------------------------------------------------------- the local fence

  /** A cache whose decode of one key waits, after the Redis read, until the test lets it go on. */
  static final class SlowDecode extends DefaultRedisCache {
    final CountDownLatch decoding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final String slowKey;
    private volatile boolean slowed;

    SlowDecode(String url, RedisCacheConfig config, String slowKey) {
      super(url, config);
      this.slowKey = slowKey;
    }

    @Override
    protected @Nullable Object decode(String key, byte[] bytes, ValueType<?> type) throws IOException {
      if (key.equals(slowKey) && !slowed) {
        slowed = true;
        decoding.countDown();
        try {
          assertTrue(release.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      return super.decode(key, bytes, type);
    }
  }

  @Test
  void aNearFillWhoseReadStartedBeforeAnotherCachesInvalidationReachedUsIsNotStored()
      throws Exception {
    racesAnInvalidation(
        (a, b) -> {
          long heard = subscriber(a).receivedCount();
          b.delete("k");
          awaitTrue(() -> subscriber(a).receivedCount() > heard, PATIENCE, "a to hear the delete");
        });
  }

  @Test
  void aNearFillWhoseReadStartedBeforeOurOwnInvalidationIsNotStored() throws Exception {
    racesAnInvalidation((a, b) -> a.delete("k"));
  }

  @Test
  void aNearFillWhoseReadStartedBeforeAPrefixInvalidationIsNotStored() throws Exception {
    racesAnInvalidation(
        (a, b) -> {
          long heard = subscriber(a).receivedCount();
          b.invalidatePrefix("");
          awaitTrue(() -> subscriber(a).receivedCount() > heard, PATIENCE, "a to hear it");
        });
  }

  /**
   * a reads "old" from Redis and stops before decoding it; {@code invalidate} runs and returns; the
   * value becomes "new" in Redis; a's read ends (returning "old": it started before). The next read
   * must not find "old" in the near cache.
   */
  private void racesAnInvalidation(java.util.function.BiConsumer<DefaultRedisCache, DefaultRedisCache> invalidate)
      throws Exception {
    SlowDecode a = track(new SlowDecode(redis.url(), config().build(), "k"));
    serving(a);
    DefaultRedisCache b = serving(cache());
    b.set("k", "old", Duration.ofMinutes(1));

    CompletableFuture<@Nullable String> read = CompletableFuture.supplyAsync(() -> a.get("k", STRING));
    assertTrue(a.decoding.await(30, TimeUnit.SECONDS), "a read Redis");
    invalidate.accept(a, b);
    writeDirectly("k", "new");
    a.release.countDown();
    assertEquals("old", read.get(30, TimeUnit.SECONDS), "the racing read itself started before");

    long nearHits = a.nearHitCount();
    assertEquals("new", a.get("k", STRING), "the value read before the invalidation was not stored");
    assertEquals(nearHits, a.nearHitCount(), "read from Redis, not from the near cache");
    assertTrue(near(a).refusedFillCount() >= 1, "the near fill was refused");
  }

  @Test
  void withoutTheRaceTheSameFillIsStored() throws Exception {
    SlowDecode a = track(new SlowDecode(redis.url(), config().build(), "k"));
    serving(a);
    a.set("k", "old", Duration.ofMinutes(1));
    CompletableFuture<@Nullable String> read = CompletableFuture.supplyAsync(() -> a.get("k", STRING));
    assertTrue(a.decoding.await(30, TimeUnit.SECONDS));
    writeDirectly("k", "new"); // not an invalidation: nothing tells the near cache
    a.release.countDown();
    assertEquals("old", read.get(30, TimeUnit.SECONDS));
    assertEquals("old", a.get("k", STRING), "stored: the test above can fail");
    assertEquals(1, a.nearHitCount());
  }

  // ---------------------------------------------------------------- bounds and lifecycle

  @Test
  void anEntryWhoseInvalidationNeverComesLivesAtMostMaxStaleness() throws Exception {
    Duration maxStaleness = Duration.ofMillis(200);
    DefaultRedisCache a =
        serving(track(new DefaultRedisCache(
            redis.url(), config().nearCache(100, maxStaleness).build())));
    a.set("k", "old", Duration.ofMinutes(1));
    assertEquals("old", a.get("k", STRING));
    long stored = System.nanoTime();
    writeDirectly("k", "new"); // no message: only maxStaleness bounds the near entry

    assertEquals("old", a.get("k", STRING), "served from the near cache");
    long nearHits = a.nearHitCount();
    long lastOld = stored;
    while (!"new".equals(a.get("k", STRING))) {
      lastOld = System.nanoTime();
      if (lastOld - stored > PATIENCE.toNanos()) {
        throw new AssertionError("the near entry outlived " + PATIENCE);
      }
      Thread.sleep(1);
    }
    long age = lastOld - stored;
    System.out.printf("[near] maxStaleness %s: last served %.1f ms after it was stored%n",
        maxStaleness, age / 1e6);
    assertTrue(a.nearHitCount() > nearHits);
    // maxStaleness + the coarse clock's slack (20 ms here) + generous scheduling margin
    assertTrue(age < maxStaleness.toNanos() + TimeUnit.MILLISECONDS.toNanos(20 + 500),
        "served " + age / 1_000_000 + " ms after it was stored");
  }

  @Test
  void withoutANearCacheThereIsNoThreadNorChannel() {
    Set<Thread> before = nearThreads();
    DefaultRedisCache cache =
        track(new DefaultRedisCache(redis.url(), RedisCacheConfig.builder().prefix(prefix).build()));
    cache.set("k", "v", Duration.ofMinutes(1));
    assertEquals("v", cache.get("k", STRING));
    assertEquals("v", cache.get("k", STRING));
    cache.delete("k");
    assertNull(cache.near());
    assertNull(cache.nearSubscriber());
    assertEquals(0, cache.nearHitCount());
    Set<Thread> after = nearThreads();
    after.removeAll(before);
    assertEquals(Set.of(), after, "no lightcache-near-* thread");
    assertEquals(
        0L, subscribers());
  }

  @Test
  void closeStopsTheSubscriptionAndItsThreads() {
    Set<Thread> before = nearThreads();
    DefaultRedisCache cache = serving(new DefaultRedisCache(redis.url(), config().build()));
    Set<Thread> started = nearThreads();
    started.removeAll(before);
    assertEquals(2, started.size(), "subscriber and watchdog: " + started);
    assertEquals(1L, subscribers());

    long start = System.nanoTime();
    cache.close();
    long took = System.nanoTime() - start;
    for (Thread thread : started) {
      assertTrue(!thread.isAlive(), thread + " still runs");
    }
    assertTrue(took < cache.config().closeTimeout().toNanos(), "close took " + took / 1e6 + " ms");
    awaitTrue(
        () -> subscribers() == 0L,
        PATIENCE,
        "the subscription to end in Redis");
  }

  /** PUBSUB NUMSUB of the invalidation channel. */
  @SuppressWarnings("deprecation") // sendCommand: RedisClient has no PUBSUB NUMSUB of its own
  private long subscribers() {
    List<?> reply =
        (List<?>) raw.sendCommand(Protocol.Command.PUBSUB, "NUMSUB", prefix + "__lc:invalidations");
    return (Long) reply.get(1);
  }

  static Set<Thread> nearThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("lightcache-near-"))
        .collect(Collectors.toSet());
  }
}
