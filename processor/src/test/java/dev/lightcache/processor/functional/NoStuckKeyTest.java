package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.StatsRecorder;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "No key is stuck": whatever a load throws, at whatever point, later calls for the key complete. */
class NoStuckKeyTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final RowStore store = new RowStore();

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  /** A recorder that throws from every event, as a broken metrics binding might. */
  private static final class ThrowingRecorder implements StatsRecorder {
    @Override
    public void recordHit(String method) {
      throw new IllegalStateException("recorder down (hit)");
    }

    @Override
    public void recordMiss(String method) {
      throw new IllegalStateException("recorder down (miss)");
    }

    @Override
    public void recordLoadSuccess(String method, long nanos) {
      throw new IllegalStateException("recorder down (load)");
    }
  }

  @Test
  void anAsyncOptionalDelegateCompletingWithNullDoesNotStickItsKey() throws Exception {
    Rows rows = CachedRows.wrap(store);
    store.nullOptional = true;
    CompletableFuture<Optional<String>> first = rows.findLater(1);
    assertNull(first.get(5, TimeUnit.SECONDS), "what the delegate completed with is passed on");

    CompletableFuture<Optional<String>> second = rows.findLater(1);
    assertNull(second.get(5, TimeUnit.SECONDS), "the key must not wait on the first load forever");
    assertEquals(2, store.reads.get(), "a null optional is not cached");

    store.nullOptional = false;
    store.table.put(1L, "one");
    assertEquals(Optional.of("one"), rows.findLater(1).get(5, TimeUnit.SECONDS));
  }

  @Test
  void aThrowingStatsRecorderFailsNoCallAndSticksNoKey() throws Exception {
    Rows rows = CachedRows.builder(store).statsRecorder(new ThrowingRecorder()).build();
    store.table.put(1L, "one");
    assertEquals("one", rows.get(1));
    assertEquals("one", rows.get(1));
    assertEquals("one", rows.getLater(1).get(5, TimeUnit.SECONDS));
    assertEquals("one", rows.getLater(1).get(5, TimeUnit.SECONDS), "an async key must not be stuck");
    assertEquals(2, store.reads.get(), "one load per method; the second calls were hits");
    assertEquals(2, ((dev.lightcache.runtime.CachingProxy) rows).stats().hits());
  }

  @Test
  void aWaiterIsInterruptibleAndThenCallsTheDelegateItself() throws Exception {
    Rows rows = CachedRows.wrap(store);
    store.table.put(5L, "five");
    RowStore.Gate gate = store.holdNextRead();
    Future<String> loader = pool.submit(() -> rows.get(5));
    assertTrue(gate.readDone.await(5, TimeUnit.SECONDS));

    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread[] waiter = new Thread[1];
    Future<String> waiting =
        pool.submit(
            () -> {
              waiter[0] = Thread.currentThread();
              String value = rows.get(5);
              stillInterrupted.set(Thread.currentThread().isInterrupted());
              return value;
            });
    // Wait until the second call is parked on the first one's load, then interrupt it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((waiter[0] == null || waiter[0].getState() != Thread.State.WAITING)
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    waiter[0].interrupt();
    assertEquals("five", waiting.get(5, TimeUnit.SECONDS), "the interrupted waiter must stop waiting");
    assertTrue(stillInterrupted.get(), "its interrupt status is kept");
    assertEquals(2, store.reads.get(), "it called the delegate itself");

    gate.release.countDown();
    assertEquals("five", loader.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aLoadThatThrowsReleasesItsWaitersWithTheSameException() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    Rows failing =
        CachedRows.wrap(
            new RowStore() {
              @Override
              public String get(long id) {
                super.get(id);
                throw boom;
              }
            });
    for (int i = 0; i < 3; i++) {
      Future<Object> call =
          pool.submit(
              () -> {
                try {
                  return failing.get(9);
                } catch (IllegalStateException e) {
                  return e;
                }
              });
      assertEquals(boom, call.get(5, TimeUnit.SECONDS));
    }
  }
}
