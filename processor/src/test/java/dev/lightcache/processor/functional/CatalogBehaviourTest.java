package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.CacheErrorHandler;
import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.InMemoryCache;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every bullet of "Behaviour every cached call keeps", on a proxy the processor generated. */
class CatalogBehaviourTest {

  private final CountingCatalog delegate = new CountingCatalog();
  private final CachedCatalog catalog = CachedCatalog.wrap(delegate);

  @Test
  void hitReturnsWithoutCallingTheDelegate() {
    Item first = catalog.get(1);
    Item second = catalog.get(1);
    assertSame(first, second);
    assertEquals(1, delegate.calls("get"));
  }

  @Test
  void distinctArgumentsAreDistinctEntries() {
    assertNotEquals(catalog.get(1), catalog.get(2));
    catalog.get(1);
    catalog.get(2);
    assertEquals(2, delegate.calls("get"));
  }

  @Test
  void cacheKeyPicksTheKeyParameters() {
    Item first = catalog.find("a", 7, "trace-1");
    Item second = catalog.find("b", 7, "trace-2");
    assertSame(first, second, "only shard is part of the key");
    catalog.find("a", 8, "trace-1");
    assertEquals(2, delegate.calls("find"));
  }

  @Test
  void checkedExceptionPropagatesUnchangedAndIsNotCached() throws IOException {
    IOException failure = new IOException("disk");
    delegate.ioFailure = failure;
    IOException thrown = assertThrows(IOException.class, () -> catalog.load(1));
    assertSame(failure, thrown);
    delegate.ioFailure = null;
    assertEquals("loaded", catalog.load(1).name());
    assertEquals(2, delegate.calls("load"));
  }

  @Test
  void runtimeExceptionPropagatesUnchangedAndIsNotCached() {
    IllegalArgumentException failure = new IllegalArgumentException("bad id");
    delegate.failWith = failure;
    assertSame(failure, assertThrows(IllegalArgumentException.class, () -> catalog.get(1)));
    delegate.failWith = null;
    catalog.get(1);
    catalog.get(1);
    assertEquals(2, delegate.calls("get"));
  }

  @Test
  void optionalCachesTheValueAndNotEmptiness() {
    assertEquals(Optional.of(new Item(0, "x")), catalog.searchByName("x"));
    assertEquals(Optional.of(new Item(0, "x")), catalog.searchByName("x"));
    assertEquals(1, delegate.calls("searchByName"));
    assertEquals(Optional.empty(), catalog.searchByName(""));
    assertEquals(Optional.empty(), catalog.searchByName(""));
    assertEquals(3, delegate.calls("searchByName"), "an empty Optional is not cached without cacheNulls");
  }

  @Test
  void nullsAreCachedOnlyWithCacheNulls() {
    assertNull(catalog.nullable("a"));
    assertNull(catalog.nullable("a"));
    assertEquals(2, delegate.calls("nullable"));
    assertNull(catalog.nullableCached("a"));
    assertNull(catalog.nullableCached("a"));
    assertEquals(1, delegate.calls("nullableCached"));
    assertEquals(1, catalog.stats().forMethod("nullableCached(String)").hits());
  }

  @Test
  void primitiveAndArrayResultsAreCached() {
    assertEquals(8, catalog.count());
    assertEquals(8, catalog.count());
    assertArrayEquals(new int[] {1, 2, 3}, catalog.getIds());
    assertArrayEquals(new int[] {1, 2, 3}, catalog.getIds());
    assertEquals(1, delegate.calls("count"));
    assertEquals(1, delegate.calls("getIds"));
  }

  @Test
  void notCachedAndVerblessMethodsDelegate() {
    catalog.getFresh(1);
    catalog.getFresh(1);
    catalog.ping();
    assertEquals(2, delegate.calls("getFresh"));
    assertEquals(1, delegate.calls("ping"));
  }

  @Test
  void writesInvalidateTheEndpoint() {
    catalog.get(1);
    catalog.list(0);
    catalog.post(new Item(1, "new"));
    catalog.get(1);
    catalog.list(0);
    assertEquals(2, delegate.calls("get"));
    assertEquals(2, delegate.calls("list"));
    catalog.delete(1);
    catalog.get(1);
    assertEquals(3, delegate.calls("get"));
  }

  @Test
  void invalidatesOneKeyWhenTheKeyParametersMatch() {
    catalog.get(1);
    catalog.get(2);
    catalog.list(0);
    catalog.touch(1);
    catalog.get(1);
    catalog.get(2);
    catalog.list(0);
    assertEquals(3, delegate.calls("get"), "get(1) reloads, get(2) stays cached");
    assertEquals(1, delegate.calls("list"), "list is not a target of touch");
  }

  @Test
  void invalidatesEveryEntryOfATargetWithoutMatchingKeys() {
    catalog.list(0);
    catalog.list(1);
    catalog.get(1);
    catalog.reorder(99);
    catalog.list(0);
    catalog.list(1);
    catalog.get(1);
    assertEquals(4, delegate.calls("list"));
    assertEquals(1, delegate.calls("get"));
  }

  @Test
  void invalidatesWithoutNamesClearsTheEndpoint() {
    catalog.get(1);
    catalog.count();
    catalog.reset();
    catalog.get(1);
    catalog.count();
    assertEquals(2, delegate.calls("get"));
    assertEquals(2, delegate.calls("count"));
  }

  @Test
  void aWriteThatThrowsInvalidatesNothing() {
    catalog.get(1);
    delegate.failWith = new IllegalStateException("conflict");
    assertThrows(IllegalStateException.class, () -> catalog.post(new Item(1, "x")));
    delegate.failWith = null;
    catalog.get(1);
    assertEquals(1, delegate.calls("get"));
  }

  @Test
  void defaultMethodsCallThroughTheProxy() {
    catalog.firstTwice();
    assertEquals(1, delegate.calls("get"), "the default method's calls hit the cache");
  }

  @Test
  void statsCountHitsMissesLoadsAndInvalidations() {
    catalog.get(1);
    catalog.get(1);
    catalog.get(1);
    catalog.list(0);
    catalog.post(new Item(1, "x"));
    CacheStats stats = catalog.stats();
    assertEquals(2, stats.hits());
    assertEquals(2, stats.misses());
    assertEquals(2, stats.loads());
    assertEquals(1, stats.invalidations());
    assertEquals(0.5, stats.hitRate(), 1e-9);
    CacheStats get = stats.forMethod("get(long)");
    assertEquals(2, get.hits());
    assertEquals(1, get.misses());
    assertEquals(1, stats.forMethod("post(Item)").invalidations());
  }

  @Test
  void invalidateAllDropsEveryEntry() {
    catalog.get(1);
    catalog.list(0);
    catalog.invalidateAll();
    catalog.get(1);
    catalog.list(0);
    assertEquals(2, delegate.calls("get"));
    assertEquals(2, delegate.calls("list"));
  }

  @Test
  void entriesExpireAfterTheirExpiration() {
    AtomicLong nanos = new AtomicLong();
    InMemoryCache cache = InMemoryCache.builder().ticker(nanos::get).executor(Runnable::run).build();
    CachedCatalog timed = CachedCatalog.wrap(delegate, cache);
    timed.get(1);
    nanos.addAndGet(59_000_000_000L);
    timed.get(1);
    assertEquals(1, delegate.calls("get"), "alive before 60 s");
    nanos.addAndGet(2_000_000_000L);
    timed.get(1);
    assertEquals(2, delegate.calls("get"), "expired after 60 s");

    timed.nullableCached("a");
    nanos.addAndGet(6_000_000_000L);
    timed.nullableCached("a");
    assertEquals(2, delegate.calls("nullableCached"), "a method-level expiration of 5 s applies");
  }

  @Test
  void aFailingBackendNeverFailsACall() {
    CachedCatalog failing =
        CachedCatalog.builder(delegate).cache(new BrokenCache()).build();
    Item first = failing.get(1);
    Item second = failing.get(1);
    assertEquals(1, first.id());
    assertEquals(1, second.id());
    failing.post(new Item(1, "x"));
    failing.invalidateAll();
    assertEquals(2, delegate.calls("get"), "every read is a miss");
    CacheStats stats = failing.stats();
    // A failed read skips the write (one backend timeout per call at most): no write was tried.
    assertEquals(4, stats.cacheErrors(), "2 reads, 1 invalidation, 1 invalidateAll; no writes");
    assertEquals(2, stats.misses());
  }

  @Test
  void failFastHandlerSurfacesBackendErrors() {
    CachedCatalog strict =
        CachedCatalog.builder(delegate)
            .cache(new BrokenCache())
            .errorHandler(CacheErrorHandler.failFast())
            .build();
    assertThrows(IllegalStateException.class, () -> strict.get(1));
  }

  @Test
  void aUserWrittenFourMethodBackendWorks() {
    MapCache cache = new MapCache();
    CachedCatalog mapped = CachedCatalog.wrap(delegate, cache);
    mapped.get(1);
    mapped.get(1);
    assertEquals(1, delegate.calls("get"));
    assertTrue(cache.map.containsKey("dev.lightcache.processor.functional.Catalog:v1:get(long):1"),
        "keys are readable: " + cache.map.keySet());
    mapped.post(new Item(1, "x"));
    assertEquals(1, cache.flushes, "the default invalidatePrefix flushes: never narrower than asked");
    mapped.get(1);
    assertEquals(2, delegate.calls("get"));
  }

  @Test
  void aCorruptEntryIsAMiss() {
    MapCache cache = new MapCache();
    CachedCatalog mapped = CachedCatalog.wrap(delegate, cache);
    cache.map.put("dev.lightcache.processor.functional.Catalog:v1:get(long):1", "not an item");
    assertEquals(1, mapped.get(1).id());
    assertEquals(1, delegate.calls("get"));
  }
}
