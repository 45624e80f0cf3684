package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.InMemoryCache;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A write wins": once an invalidating call has returned, no call that starts afterwards returns a
 * value loaded before it. Each interleaving is forced with latches: a read is held inside the delegate
 * after it has read the old row, the write happens and returns, then new calls are made.
 */
class WriteWinsTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final RowStore store = new RowStore();

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  /** The built-in in-memory cache (key objects) and a user-written backend (text keys). */
  static Stream<Arguments> backends() {
    return Stream.of(
        Arguments.of("InMemoryCache", (Supplier<Cache>) InMemoryCache::new),
        Arguments.of("MapCache", (Supplier<Cache>) MapCache::new));
  }

  private static <T> T within5s(Future<T> future) throws Exception {
    return future.get(5, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aCallAfterAWriteNeverJoinsALoadThatStartedBeforeIt(String name, Supplier<Cache> backend)
      throws Exception {
    Rows rows = CachedRows.wrap(store, backend.get());
    store.table.put(2L, "old");
    RowStore.Gate gate = store.holdNextRead();
    Future<String> early = pool.submit(() -> rows.get(2));
    assertTrue(gate.readDone.await(5, TimeUnit.SECONDS));

    rows.put(2, "new"); // has returned: every call from now on must see "new"

    assertEquals("new", within5s(pool.submit(() -> rows.get(2))), "a later call joined the stale load");
    gate.release.countDown();
    assertEquals("old", within5s(early), "the early call itself started before the write");
    assertEquals("new", rows.get(2), "the stale load must not have been stored");
    assertEquals(2, store.reads.get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void anAsyncCallAfterAWriteNeverJoinsALoadThatStartedBeforeIt(String name, Supplier<Cache> backend)
      throws Exception {
    Rows rows = CachedRows.wrap(store, backend.get());
    store.table.put(2L, "old");
    RowStore.Gate gate = store.holdNextRead();
    Future<String> early = pool.submit(() -> rows.getLater(2).join());
    assertTrue(gate.readDone.await(5, TimeUnit.SECONDS));

    rows.put(2, "new");

    assertEquals("new", within5s(pool.submit(() -> rows.getLater(2).join())));
    gate.release.countDown();
    assertEquals("old", within5s(early));
    assertEquals("new", rows.getLater(2).get(5, TimeUnit.SECONDS));
    assertEquals(2, store.reads.get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aWriteThroughAnotherProxyOverTheSameBackendWinsToo(String name, Supplier<Cache> backend)
      throws Exception {
    Cache shared = backend.get();
    Rows reader = CachedRows.wrap(store, shared);
    Rows writer = CachedRows.wrap(store, shared);
    store.table.put(2L, "old");
    RowStore.Gate gate = store.holdNextRead();
    Future<String> early = pool.submit(() -> reader.get(2));
    assertTrue(gate.readDone.await(5, TimeUnit.SECONDS));

    writer.put(2, "new");
    gate.release.countDown();
    assertEquals("old", within5s(early));

    assertEquals("new", reader.get(2), "the reader's stale load was stored after the writer's write");
    assertEquals("new", writer.get(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aKeyInvalidationFencesOnlyItsKey(String name, Supplier<Cache> backend) throws Exception {
    Rows rows = CachedRows.wrap(store, backend.get());
    store.table.put(2L, "old");
    RowStore.Gate gate = store.holdNextRead();
    Future<String> early = pool.submit(() -> rows.get(2));
    assertTrue(gate.readDone.await(5, TimeUnit.SECONDS));

    rows.touch(3); // another key: the load of 2 stays current and is joined
    Future<String> joiner = pool.submit(() -> rows.get(2));
    gate.release.countDown();
    assertEquals("old", within5s(early));
    assertEquals("old", within5s(joiner));
    assertEquals("old", rows.get(2));
    assertEquals(1, store.reads.get(), "one delegate call for the three reads");

    RowStore.Gate second = store.holdNextRead();
    store.table.put(4L, "old");
    Future<String> stale = pool.submit(() -> rows.get(4));
    assertTrue(second.readDone.await(5, TimeUnit.SECONDS));
    store.table.put(4L, "new");
    rows.touch(4); // this very key: the load in flight is stale
    assertEquals("new", within5s(pool.submit(() -> rows.get(4))));
    second.release.countDown();
    assertEquals("old", within5s(stale));
    assertEquals("new", rows.get(4));
  }

  /** A user-written backend whose first write blocks until released. */
  private static final class SlowWriteCache implements Cache {
    final MapCache map = new MapCache();
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean first = new AtomicBoolean(true);

    @Override
    public Object get(String key) {
      return map.get(key);
    }

    @Override
    public void set(String key, Object value, Duration expiration) {
      if (first.getAndSet(false)) {
        writing.countDown();
        try {
          release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      map.set(key, value, expiration);
    }

    @Override
    public void delete(String key) {
      map.delete(key);
    }

    @Override
    public void flush() {
      map.flush();
    }
  }

  @Test
  void anInvalidationWhileTheLoadIsBeingStoredRemovesIt() throws Exception {
    SlowWriteCache cache = new SlowWriteCache();
    Rows rows = CachedRows.wrap(store, cache);
    store.table.put(2L, "old");
    Future<String> early = pool.submit(() -> rows.get(2));
    assertTrue(cache.writing.await(5, TimeUnit.SECONDS)); // past any check made before the write

    store.table.put(2L, "new");
    rows.touch(2);
    cache.release.countDown();
    assertEquals("old", within5s(early));

    assertEquals("new", rows.get(2), "the entry stored after the invalidation must be removed at once");
  }
}
