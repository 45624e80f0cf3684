package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent misses for one key on one proxy call the delegate once. */
class ConcurrencyTest {

  private static final int THREADS = 32;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  /** A delegate whose get blocks until released, so that every thread misses while it loads. */
  private static final class GatedCatalog extends DelegatingCatalog {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    volatile RuntimeException failure;

    @Override
    public Item get(long id) {
      calls.incrementAndGet();
      try {
        assertTrue(release.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      if (failure != null) {
        throw failure;
      }
      return new Item(id, "loaded once");
    }
  }

  private List<Future<Object>> startAll(CachedCatalog catalog, CountDownLatch started) {
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      results.add(
          pool.submit(
              () -> {
                started.countDown();
                try {
                  return catalog.get(42);
                } catch (RuntimeException e) {
                  return e;
                }
              }));
    }
    return results;
  }

  @Test
  void thirtyTwoThreadsMissingOneKeyCallTheDelegateOnce() throws Exception {
    GatedCatalog delegate = new GatedCatalog();
    CachedCatalog catalog = CachedCatalog.wrap(delegate);
    CountDownLatch started = new CountDownLatch(THREADS);
    List<Future<Object>> results = startAll(catalog, started);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    waitUntilAllWait(catalog);
    delegate.release.countDown();
    Object first = results.get(0).get(10, TimeUnit.SECONDS);
    for (Future<Object> result : results) {
      assertSame(first, result.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, delegate.calls.get());
    assertEquals(1, catalog.stats().loads());
  }

  @Test
  void waitersGetTheLoadersExceptionInstance() throws Exception {
    GatedCatalog delegate = new GatedCatalog();
    delegate.failure = new IllegalStateException("shared failure");
    CachedCatalog catalog = CachedCatalog.wrap(delegate);
    CountDownLatch started = new CountDownLatch(THREADS);
    List<Future<Object>> results = startAll(catalog, started);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    waitUntilAllWait(catalog);
    delegate.release.countDown();
    for (Future<Object> result : results) {
      assertSame(delegate.failure, result.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, delegate.calls.get());
  }

  /** Waits (bounded) until every thread has counted its miss, i.e. is loading or waiting. */
  private static void waitUntilAllWait(CachedCatalog catalog) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (catalog.stats().misses() < THREADS && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(THREADS, catalog.stats().misses());
  }
}
