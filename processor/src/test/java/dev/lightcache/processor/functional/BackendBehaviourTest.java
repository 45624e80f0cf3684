package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a proxy treats its backend: threads, failed reads, entries of the wrong shape, key spaces. */
class BackendBehaviourTest {

  private static final String PREFIX = "dev.lightcache.processor.functional.Rows:v1:";

  private final RowStore store = new RowStore();
  private final ExecutorService backendThreads =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "backend-thread"));
  private final ExecutorService proxyThreads =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "proxy-executor"));

  @AfterEach
  void shutDown() {
    backendThreads.shutdownNow();
    proxyThreads.shutdownNow();
  }

  /** A backend whose async read completes on a thread of its own, later, like a network client. */
  private final class AsyncBackend extends MapCache {
    @Override
    public <T> CompletionStage<T> getAsync(String key, ValueType<T> type) {
      return CompletableFuture.supplyAsync(
          () -> {
            sleep(50);
            return get(key, type);
          },
          backendThreads);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theDelegateRunsInTheCallersThreadNeverOnTheBackends() throws Exception {
    Rows rows = CachedRows.wrap(store, new AsyncBackend());
    store.table.put(1L, "one");
    assertEquals("one", rows.getLater(1).get(5, TimeUnit.SECONDS));
    assertSame(Thread.currentThread(), store.lastReader.get(1L));
  }

  @Test
  void withAnExecutorTheDelegateRunsThere() throws Exception {
    Rows rows = CachedRows.builder(store).cache(new AsyncBackend()).executor(proxyThreads).build();
    store.table.put(1L, "one");
    assertEquals("one", rows.getLater(1).get(5, TimeUnit.SECONDS));
    assertEquals("proxy-executor", store.lastReader.get(1L).getName());
  }

  /** A backend that fails every read and counts the writes it is asked for. */
  private static final class UnreadableCache extends MapCache {
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public Object get(String key) {
      throw new IllegalStateException("read timed out");
    }

    @Override
    public void set(String key, Object value, Duration expiration) {
      writes.incrementAndGet();
      super.set(key, value, expiration);
    }
  }

  @Test
  void aFailedReadSkipsTheWriteSoOneCallWaitsForOneTimeoutAtMost() throws Exception {
    UnreadableCache cache = new UnreadableCache();
    Rows rows = CachedRows.wrap(store, cache);
    store.table.put(1L, "one");
    assertEquals("one", rows.get(1));
    assertEquals("one", rows.getLater(1).get(5, TimeUnit.SECONDS));
    assertEquals(0, cache.writes.get(), "no write after a failed read");
  }

  @Test
  void aCachedNullWhereNullsAreNotCachedIsAMissAndIsDeleted() {
    MapCache cache = new MapCache();
    cache.set(PREFIX + "count(int):1", NullValue.INSTANCE, null);
    cache.set(PREFIX + "get(long):1", NullValue.INSTANCE, null);
    Rows rows = CachedRows.wrap(store, cache);
    store.table.put(1L, "one");

    assertEquals(1L, rows.count(1), "a long method must never unbox a cached null");
    assertEquals("one", rows.get(1), "nulls are not cached for get: the marker is not an entry");
    assertEquals(2, store.reads.get());
    assertEquals(1L, cache.map.get(PREFIX + "count(int):1"), "the marker was replaced by a real load");
    assertEquals("one", cache.map.get(PREFIX + "get(long):1"));
  }

  @Test
  void anEntryOfAnotherTypeIsAMissAndIsDeleted() {
    MapCache cache = new MapCache();
    cache.set(PREFIX + "get(long):1", List.of("not", "a", "string"), null);
    Rows rows = CachedRows.wrap(store, cache);
    store.table.put(1L, "one");
    assertEquals("one", rows.get(1));
    assertEquals("one", cache.map.get(PREFIX + "get(long):1"));
  }

  @Test
  void theDocumentedTextKeyReachesTheProxysInMemoryEntries() {
    InMemoryCache cache = new InMemoryCache();
    Rows rows = CachedRows.wrap(store, cache);
    store.table.put(7L, "seven");
    rows.get(7);
    assertEquals("seven", cache.get(PREFIX + "get(long):7"));

    cache.delete(PREFIX + "get(long):7");
    store.table.put(7L, "SEVEN");
    assertEquals("SEVEN", rows.get(7), "a text delete removed the proxy's entry");
    assertEquals(2, store.reads.get());
  }

  /** A subclass that overrides nothing keeps the key-object path and the one key space. */
  static final class PlainSubclass extends InMemoryCache {}

  /** A subclass that watches invalidations: proxies call its override. */
  static final class WatchingSubclass extends InMemoryCache {
    final List<String> prefixes = new CopyOnWriteArrayList<>();

    @Override
    public void invalidatePrefix(String prefix) {
      prefixes.add(prefix);
      super.invalidatePrefix(prefix);
    }
  }

  @Test
  void inMemorySubclassesShareTheKeySpaceAndTheirInvalidationOverridesAreCalled() {
    PlainSubclass plain = new PlainSubclass();
    Rows rows = CachedRows.wrap(store, plain);
    store.table.put(3L, "three");
    rows.get(3);
    assertEquals("three", plain.get(PREFIX + "get(long):3"));

    WatchingSubclass watching = new WatchingSubclass();
    Rows watched = CachedRows.wrap(store, watching);
    watched.get(3);
    watched.get(3);
    assertEquals(2, store.reads.get(), "the second read through the subclass was a hit");
    watched.put(3, "THREE");
    assertEquals(List.of(PREFIX), watching.prefixes);
    assertEquals("THREE", watched.get(3));
  }

  @Test
  void anInvalidationStrategyMayPassKeyArgumentsAsAnyIntegralBox() {
    InMemoryCache cache = new InMemoryCache();
    Rows rows =
        CachedRows.builder(store)
            .cache(cache)
            .invalidation((invocation, invalidator) -> invalidator.invalidateKey("get", 4)) // an int
            .build();
    store.table.put(4L, "four");
    assertEquals("four", rows.get(4));
    store.table.put(4L, "FOUR");
    rows.put(4, "FOUR");
    assertEquals("FOUR", rows.get(4));
    assertEquals(2, store.reads.get(), "the int 4 reached the entry of get(long) 4");
    assertNotNull(cache.get(PREFIX + "get(long):4"));
  }
}
