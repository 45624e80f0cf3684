package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Futures cache their completed values, share in-flight loads, and never cache failures. */
class AsyncBehaviourTest {

  private static final class Delegate implements AsyncCatalog {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    volatile CompletableFuture<Item> next;

    int calls(String method) {
      return calls.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    @Override
    public CompletableFuture<Item> get(long id) {
      calls.computeIfAbsent("get", m -> new AtomicInteger()).incrementAndGet();
      return next != null ? next : CompletableFuture.completedFuture(new Item(id, "async"));
    }

    @Override
    public CompletionStage<String> getName(long id) {
      calls.computeIfAbsent("getName", m -> new AtomicInteger()).incrementAndGet();
      return CompletableFuture.completedFuture(id == 0 ? null : "name-" + id);
    }

    @Override
    public CompletableFuture<Optional<Item>> find(String name) {
      calls.computeIfAbsent("find", m -> new AtomicInteger()).incrementAndGet();
      return CompletableFuture.completedFuture(
          name.isEmpty() ? Optional.empty() : Optional.of(new Item(1, name)));
    }

    @Override
    public CompletableFuture<Item> post(Item item) {
      calls.computeIfAbsent("post", m -> new AtomicInteger()).incrementAndGet();
      return next != null ? next : CompletableFuture.completedFuture(item);
    }
  }

  private final Delegate delegate = new Delegate();
  private final CachedAsyncCatalog catalog = CachedAsyncCatalog.wrap(delegate);

  @Test
  void completedValuesAreCached() throws Exception {
    assertEquals(new Item(1, "async"), catalog.get(1).get());
    assertEquals(new Item(1, "async"), catalog.get(1).get());
    assertEquals(1, delegate.calls("get"));
    assertEquals("name-2", catalog.getName(2).toCompletableFuture().get());
    assertEquals("name-2", catalog.getName(2).toCompletableFuture().get());
    assertEquals(1, delegate.calls("getName"));
  }

  @Test
  void inFlightFuturesAreShared() throws Exception {
    CompletableFuture<Item> pending = new CompletableFuture<>();
    delegate.next = pending;
    CompletableFuture<Item> first = catalog.get(1);
    CompletableFuture<Item> second = catalog.get(1);
    assertFalse(first.isDone());
    assertFalse(second.isDone());
    assertEquals(1, delegate.calls("get"));
    pending.complete(new Item(1, "late"));
    assertSame(first.get(), second.get());
    delegate.next = null;
    assertEquals(new Item(1, "late"), catalog.get(1).get(), "the completed value was stored");
    assertEquals(1, delegate.calls("get"));
  }

  @Test
  void failedFuturesAreNotCachedAndKeepTheirCause() throws Exception {
    IllegalStateException failure = new IllegalStateException("remote down");
    delegate.next = CompletableFuture.failedFuture(failure);
    ExecutionException thrown = assertThrows(ExecutionException.class, () -> catalog.get(1).get());
    assertSame(failure, thrown.getCause());
    delegate.next = null;
    assertEquals(new Item(1, "async"), catalog.get(1).get());
    assertEquals(2, delegate.calls("get"));
    assertEquals(1, catalog.stats().loadFailures());
  }

  @Test
  void optionalInsideAFutureAndCachedNulls() throws Exception {
    assertEquals(Optional.of(new Item(1, "x")), catalog.find("x").get());
    assertEquals(Optional.of(new Item(1, "x")), catalog.find("x").get());
    assertEquals(Optional.empty(), catalog.find("").get());
    assertEquals(Optional.empty(), catalog.find("").get());
    assertEquals(2, delegate.calls("find"), "cacheNulls = true caches the empty optional too");
    assertNull(catalog.getName(0).toCompletableFuture().get());
    assertNull(catalog.getName(0).toCompletableFuture().get());
    assertEquals(1, delegate.calls("getName"));
  }

  @Test
  void asyncWritesInvalidateWhenTheyComplete() throws Exception {
    catalog.get(1).get();
    CompletableFuture<Item> pending = new CompletableFuture<>();
    delegate.next = pending;
    CompletableFuture<Item> write = catalog.post(new Item(1, "x"));
    delegate.next = null;
    catalog.get(1).get();
    assertEquals(1, delegate.calls("get"), "nothing is invalidated before the write completes");
    pending.complete(new Item(1, "x"));
    write.get();
    assertTrue(catalog.stats().invalidations() == 1);
    catalog.get(1).get();
    assertEquals(2, delegate.calls("get"));
  }
}
