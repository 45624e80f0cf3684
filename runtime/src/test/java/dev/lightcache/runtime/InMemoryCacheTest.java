package dev.lightcache.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.internal.CachedMethod;
import dev.lightcache.runtime.internal.Endpoint;
import dev.lightcache.runtime.internal.KeyEntries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryCacheTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final InMemoryCache cache = InMemoryCache.builder().ticker(clock::get).executor(Runnable::run).build();

  private void advance(Duration duration) {
    clock.addAndGet(duration.toNanos());
  }

  // --- get / set / delete / flush

  @Test
  void aMissIsNull() {
    assertNull(cache.get("absent"));
  }

  @Test
  void getReturnsTheStoredInstance() {
    List<String> value = List.of("a", "b");
    cache.set("k", value, Duration.ofMinutes(1));
    assertSame(value, cache.get("k"));
  }

  @Test
  void setReplacesThePreviousValue() {
    cache.set("k", "one", Duration.ofMinutes(1));
    cache.set("k", "two", Duration.ofMinutes(1));
    assertEquals("two", cache.get("k"));
    assertEquals(1, cache.estimatedSize());
  }

  @Test
  void deleteRemovesOnlyThatKey() {
    cache.set("a", 1, null);
    cache.set("b", 2, null);
    cache.delete("a");
    cache.delete("never-stored");
    assertNull(cache.get("a"));
    assertEquals(2, cache.get("b"));
  }

  @Test
  void flushRemovesEverything() {
    for (int i = 0; i < 50; i++) {
      cache.set("k" + i, i, null);
    }
    cache.flush();
    cache.cleanUp();
    for (int i = 0; i < 50; i++) {
      assertNull(cache.get("k" + i));
    }
    assertEquals(0, cache.estimatedSize());
    cache.set("after", "x", null);
    assertEquals("x", cache.get("after"));
  }

  @Test
  void nullValuesAreRejectedAndNullValueIsStored() {
    assertThrows(NullPointerException.class, () -> cache.set("k", null, null));
    cache.set("k", NullValue.INSTANCE, null);
    assertSame(NullValue.INSTANCE, cache.get("k"));
  }

  // --- expiration

  @Test
  void eachEntryLivesForItsOwnExpiration() {
    cache.set("short", "s", Duration.ofSeconds(10));
    cache.set("long", "l", Duration.ofSeconds(20));

    advance(Duration.ofSeconds(10).minusNanos(1));
    assertEquals("s", cache.get("short"));
    assertEquals("l", cache.get("long"));

    advance(Duration.ofNanos(2));
    assertNull(cache.get("short"));
    assertEquals("l", cache.get("long"));

    advance(Duration.ofSeconds(10));
    assertNull(cache.get("long"));
    cache.cleanUp();
    assertEquals(0, cache.estimatedSize());
  }

  @Test
  void theDefaultExpirationAppliesWhenNoneIsGiven() {
    cache.set("k", "v", null);
    advance(InMemoryCache.DEFAULT_EXPIRATION.minusNanos(1));
    assertEquals("v", cache.get("k"));
    advance(Duration.ofNanos(2));
    assertNull(cache.get("k"));
  }

  @Test
  void aConfiguredDefaultExpirationAppliesWhenNoneIsGiven() {
    InMemoryCache custom =
        InMemoryCache.builder()
            .ticker(clock::get)
            .executor(Runnable::run)
            .defaultExpiration(Duration.ofSeconds(30))
            .build();
    custom.set("default", "d", null);
    custom.set("explicit", "e", Duration.ofMinutes(2));
    advance(Duration.ofSeconds(29));
    assertEquals("d", custom.get("default"));
    advance(Duration.ofSeconds(2));
    assertNull(custom.get("default"));
    assertEquals("e", custom.get("explicit"));
  }

  @Test
  void readsDoNotExtendAnEntry() {
    cache.set("k", "v", Duration.ofSeconds(10));
    for (int i = 0; i < 9; i++) {
      advance(Duration.ofSeconds(1));
      assertEquals("v", cache.get("k"));
    }
    advance(Duration.ofMillis(1001));
    assertNull(cache.get("k"));
  }

  @Test
  void aSetRestartsTheExpirationWithTheNewDuration() {
    cache.set("k", "one", Duration.ofSeconds(10));
    advance(Duration.ofSeconds(8));
    cache.set("k", "two", Duration.ofSeconds(5));
    advance(Duration.ofSeconds(4));
    assertEquals("two", cache.get("k"));
    advance(Duration.ofSeconds(2));
    assertNull(cache.get("k"));
  }

  @Test
  void aVeryLongExpirationIsStoredNotRejected() {
    // @Cached(expirationSeconds = Long.MAX_VALUE) reaches the backend as this duration
    cache.set("forever", "f", Duration.ofSeconds(Long.MAX_VALUE));
    cache.set("millennium", "m", Duration.ofDays(365L * 1000));
    advance(Duration.ofDays(365L * 100));
    assertEquals("f", cache.get("forever"));
    assertEquals("m", cache.get("millennium"));

    InMemoryCache longDefault =
        InMemoryCache.builder().ticker(clock::get).defaultExpiration(Duration.ofDays(365L * 1000)).build();
    longDefault.set("k", "v", null);
    assertEquals("v", longDefault.get("k"));
  }

  @Test
  void aZeroOrNegativeExpirationStoresNothingLasting() {
    cache.set("zero", "z", Duration.ZERO);
    cache.set("negative", "n", Duration.ofSeconds(-5));
    advance(Duration.ofNanos(1));
    assertNull(cache.get("zero"));
    assertNull(cache.get("negative"));
  }

  // --- bounds

  @Test
  void sizeIsBounded() {
    InMemoryCache bounded = InMemoryCache.builder().maximumSize(100).executor(Runnable::run).build();
    for (int i = 0; i < 1000; i++) {
      bounded.set("k" + i, i, Duration.ofMinutes(5));
    }
    bounded.cleanUp();
    assertTrue(bounded.estimatedSize() <= 100, "estimatedSize=" + bounded.estimatedSize());
    int present = 0;
    for (int i = 0; i < 1000; i++) {
      if (bounded.get("k" + i) != null) {
        present++;
      }
    }
    assertTrue(present > 0 && present <= 100, "present=" + present);
  }

  @Test
  void evictionsAreTheEntriesRemovedByTheBoundOrOnExpiry() {
    InMemoryCache bounded =
        InMemoryCache.builder().maximumSize(3).ticker(clock::get).executor(Runnable::run).build();
    for (int i = 0; i < 5; i++) {
      bounded.set("k" + i, i, Duration.ofSeconds(10 + i));
    }
    bounded.cleanUp();
    assertEquals(2, bounded.evictionCount(), "two over the bound");
    assertEquals(3, bounded.estimatedSize());

    Set<String> left = new java.util.TreeSet<>();
    for (int i = 0; i < 5; i++) {
      if (bounded.get("k" + i) != null) {
        left.add("k" + i);
      }
    }
    String first = left.iterator().next();
    bounded.delete(first);
    assertEquals(2, bounded.evictionCount(), "a delete is not an eviction");

    advance(Duration.ofSeconds(30)); // every entry has expired
    assertNull(bounded.get(left.stream().skip(1).findFirst().orElseThrow()));
    assertEquals(3, bounded.evictionCount(), "an expired entry removed when read");
    bounded.cleanUp();
    assertEquals(4, bounded.evictionCount(), "and the last one, swept");
    assertEquals(0, bounded.estimatedSize());

    bounded.set("again", 1, null);
    bounded.invalidatePrefix("again");
    bounded.set("more", 1, null);
    bounded.flush();
    assertEquals(4, bounded.evictionCount(), "invalidations and flushes are not evictions");
  }

  @Test
  void theSizeConstructorBoundsToo() {
    InMemoryCache bounded = new InMemoryCache(10);
    for (int i = 0; i < 200; i++) {
      bounded.set("k" + i, i, null);
    }
    bounded.cleanUp();
    assertTrue(bounded.estimatedSize() <= 10, "estimatedSize=" + bounded.estimatedSize());
    assertEquals(10_000, InMemoryCache.DEFAULT_MAXIMUM_SIZE);
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> InMemoryCache.builder().maximumSize(0));
    assertThrows(IllegalArgumentException.class, () -> new InMemoryCache(-1));
    assertThrows(IllegalArgumentException.class, () -> InMemoryCache.builder().defaultExpiration(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> InMemoryCache.builder().defaultExpiration(Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> InMemoryCache.builder().ticker(null));
    assertThrows(NullPointerException.class, () -> InMemoryCache.builder().executor(null));
  }

  // --- prefix invalidation

  @Test
  void invalidatePrefixRemovesExactlyTheKeysUnderThePrefix() {
    Endpoint a = new Endpoint("a", 1);
    CachedMethod get = a.cached("get(long)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod getAll = a.cached("getAll(long)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod getTwo = a.cached("get(long,long)").keyParameters(2).returning(ValueType.of(String.class));
    CachedMethod getNone = a.cached("get()").returning(ValueType.of(String.class));
    CachedMethod otherVersion =
        new Endpoint("a", 10).cached("get(long)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod otherName =
        new Endpoint("ab", 1).cached("get(long)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod colon =
        new Endpoint("a:v1:get(long)", 1).cached("get(long)").keyParameters(1).returning(ValueType.of(String.class));

    List<String> gets = List.of(get.newKey().add(1L).build(), get.newKey().add(2L).build());
    List<String> otherMethods =
        List.of(getAll.newKey().add(1L).build(), getTwo.newKey().add(1L).add(2L).build(), getNone.keyPrefix());
    List<String> otherEndpoints =
        List.of(
            otherVersion.newKey().add(1L).build(),
            otherName.newKey().add(1L).build(),
            colon.newKey().add(1L).build(),
            "b:v1:get(long):1",
            "unrelated");
    List<String> all = new ArrayList<>();
    all.addAll(gets);
    all.addAll(otherMethods);
    all.addAll(otherEndpoints);
    all.forEach(k -> cache.set(k, k, null));

    cache.invalidatePrefix(get.keyPrefix());
    gets.forEach(k -> assertNull(cache.get(k), k));
    otherMethods.forEach(k -> assertEquals(k, cache.get(k), k));
    otherEndpoints.forEach(k -> assertEquals(k, cache.get(k), k));

    cache.invalidatePrefix(a.keyPrefix());
    otherMethods.forEach(k -> assertNull(cache.get(k), k));
    otherEndpoints.forEach(k -> assertEquals(k, cache.get(k), k));

    cache.invalidatePrefix("no-such-prefix:");
    otherEndpoints.forEach(k -> assertEquals(k, cache.get(k), k));
    cache.invalidatePrefix("");
    otherEndpoints.forEach(k -> assertNull(cache.get(k), k));
  }

  @Test
  void invalidatePrefixFindsShortenedLongKeys() {
    Endpoint endpoint = new Endpoint("com.acme.P", 1);
    CachedMethod find = endpoint.cached("find(String)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod findAll =
        endpoint.cached("findAll(String)").keyParameters(1).returning(ValueType.of(String.class));
    String longKey = find.newKey().add("q".repeat(1000)).build();
    String siblingKey = findAll.newKey().add("q".repeat(1000)).build();
    assertTrue(longKey.length() <= 250, longKey);
    cache.set(longKey, "long", null);
    cache.set(siblingKey, "sibling", null);
    cache.invalidatePrefix(find.keyPrefix());
    assertNull(cache.get(longKey));
    assertEquals("sibling", cache.get(siblingKey));
  }

  @Test
  void keyObjectEntriesExpireAndFallUnderPrefixesLikeTheirText() {
    Endpoint endpoint = new Endpoint("com.acme.P", 1);
    CachedMethod get = endpoint.cached("get(long)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod getAll = endpoint.cached("getAll(long)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod find = endpoint.cached("find(String)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod other =
        new Endpoint("com.acme.Q", 1).cached("get(long)").keyParameters(1).returning(ValueType.of(String.class));

    KeyEntries.set(cache, get.key(1L), "one", Duration.ofSeconds(10));
    KeyEntries.set(cache, get.key(2L), "two", null);
    KeyEntries.set(cache, getAll.key(1L), "all", null);
    KeyEntries.set(cache, find.key("x".repeat(500)), "long", null);
    KeyEntries.set(cache, other.key(1L), "other", null);
    cache.set("com.acme.P:v1:get(long):3", "text", null);

    assertEquals("one", KeyEntries.get(cache, get.key((Object) 1L)));
    assertEquals("one", KeyEntries.get(cache, get.key(1L)));
    assertNull(KeyEntries.get(cache, get.key(3L)));

    advance(Duration.ofSeconds(11));
    assertNull(KeyEntries.get(cache, get.key(1L)), "expired like a text entry");
    assertEquals("two", KeyEntries.get(cache, get.key(2L)));

    // a prefix longer than the method prefix: decided on the key's text
    cache.invalidatePrefix("com.acme.P:v1:get(long):2");
    assertNull(KeyEntries.get(cache, get.key(2L)));
    assertEquals("text", cache.get("com.acme.P:v1:get(long):3"));
    KeyEntries.set(cache, get.key(2L), "two", null);

    cache.invalidatePrefix(get.keyPrefix());
    assertNull(KeyEntries.get(cache, get.key(2L)));
    assertNull(cache.get("com.acme.P:v1:get(long):3"));
    assertEquals("all", KeyEntries.get(cache, getAll.key(1L)));
    assertEquals("long", KeyEntries.get(cache, find.key("x".repeat(500))));

    cache.invalidatePrefix(find.keyPrefix() + ":xxx");
    assertNull(KeyEntries.get(cache, find.key("x".repeat(500))), "a shortened key keeps its readable head");

    cache.invalidatePrefix(endpoint.keyPrefix());
    assertNull(KeyEntries.get(cache, getAll.key(1L)));
    assertEquals("other", KeyEntries.get(cache, other.key(1L)));

    KeyEntries.delete(cache, other.key(1L));
    assertNull(KeyEntries.get(cache, other.key(1L)));
  }

  @Test
  void textKeysReachKeyObjectEntries() {
    Endpoint endpoint = new Endpoint("com.acme.P", 1);
    CachedMethod get = endpoint.cached("get(long)").keyParameters(1).returning(ValueType.of(String.class));
    CachedMethod pair =
        endpoint.cached("pair(int,String)").keyParameters(2).returning(ValueType.of(String.class));
    KeyEntries.set(cache, get.key(7L), "seven", null);
    KeyEntries.set(cache, pair.key(1, "a"), "1a", null);

    assertEquals("seven", cache.get("com.acme.P:v1:get(long):7"));
    assertEquals("1a", cache.get(pair.key(1, "a").text()));
    assertEquals("1a", cache.get(pair.key(1L, "a").text(), ValueType.of(String.class)));
    assertNull(cache.get("com.acme.P:v1:get(long):8"));

    cache.delete("com.acme.P:v1:get(long):7");
    assertNull(KeyEntries.get(cache, get.key(7L)), "a text delete removes the proxy's entry");

    cache.set(pair.key(1, "a").text(), "replaced", null);
    assertNull(KeyEntries.get(cache, pair.key(1, "a")), "a text set replaces the proxy's entry");
    assertEquals("replaced", cache.get(pair.key(1, "a").text()));
  }

  @Test
  void keyObjectsAreEqualExactlyWhenTheirTextsAre() {
    Endpoint endpoint = new Endpoint("com.acme.N", 1);
    CachedMethod two = endpoint.cached("two(int,int)").keyParameters(2).returning(ValueType.of(String.class));
    CachedMethod three =
        endpoint.cached("three(int,short,char)").keyParameters(3).returning(ValueType.of(String.class));
    CachedMethod four =
        endpoint.cached("four(int,int,int,byte)").keyParameters(4).returning(ValueType.of(String.class));
    KeyEntries.set(cache, two.key(1, 2), "two", null);
    KeyEntries.set(cache, three.key(1, (short) 2, 'c'), "three", null);
    KeyEntries.set(cache, four.key(1, 2, 3, (byte) 4), "four", null);

    // Boxed as other integral types, as an invalidation strategy may pass them: the same entry.
    assertEquals("two", KeyEntries.get(cache, two.key(1L, 2L)));
    assertEquals("three", KeyEntries.get(cache, three.key(1L, 2, "c")));
    assertEquals("four", KeyEntries.get(cache, four.key(1L, 2L, 3, 4L)));
    assertEquals(two.key(1, 2).text(), two.key(1L, 2L).text());
  }

  // --- typed reads

  @Test
  void typedGetChecksTheType() {
    cache.set("string", "s", null);
    cache.set("long", 42L, null);
    cache.set("list", List.of("x"), null);
    cache.set("null", NullValue.INSTANCE, null);

    assertEquals("s", cache.get("string", ValueType.of(String.class)));
    assertNull(cache.get("string", ValueType.of(Integer.class)));
    assertEquals(42L, cache.get("long", ValueType.of(long.class)));
    assertEquals(42L, cache.get("long", ValueType.of(Long.class)));
    assertNull(cache.get("long", ValueType.of(int.class)));
    assertEquals(List.of("x"), cache.get("list", ValueType.of(List.class, ValueType.of(String.class))));
    assertNull(cache.get("list", ValueType.of(Set.class, ValueType.of(String.class))));
    assertSame(NullValue.INSTANCE, cache.get("null", ValueType.of(String.class)));
    assertSame(NullValue.INSTANCE, cache.get("null", ValueType.of(Map.class)));
    assertNull(cache.get("absent", ValueType.of(String.class)));
  }

  // --- concurrency

  @Test
  void concurrentUseThrowsNothingAndNeverMixesUpKeys() throws Exception {
    InMemoryCache shared = InMemoryCache.builder().maximumSize(100).build();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    for (int t = 0; t < threads; t++) {
      long seed = 31L * t;
      pool.execute(
          () -> {
            Random random = new Random(seed);
            try {
              start.await();
              for (int i = 0; i < 20_000; i++) {
                String key = "ns:v1:get(long):" + random.nextInt(300);
                switch (random.nextInt(10)) {
                  case 0 -> shared.delete(key);
                  case 1 -> shared.invalidatePrefix("ns:v1:get(long):1");
                  case 2, 3, 4 -> shared.set(key, key + "=" + i, Duration.ofSeconds(1 + random.nextInt(60)));
                  default -> {
                    Object value = shared.get(key);
                    if (value != null && !((String) value).startsWith(key + "=")) {
                      throw new AssertionError(key + " returned " + value);
                    }
                  }
                }
              }
            } catch (Throwable e) {
              failures.add(e);
            }
          });
    }
    start.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES), "workers did not finish");
    assertTrue(failures.isEmpty(), () -> "failures: " + failures);
    shared.cleanUp();
    assertTrue(shared.estimatedSize() <= 100, "estimatedSize=" + shared.estimatedSize());
    for (int i = 0; i < 300; i++) {
      String key = "ns:v1:get(long):" + i;
      Object value = shared.get(key);
      if (value != null) {
        assertTrue(((String) value).startsWith(key + "="), key + " -> " + value);
      }
    }
  }
}
