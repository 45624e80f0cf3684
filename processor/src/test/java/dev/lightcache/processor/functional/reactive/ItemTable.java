package dev.lightcache.processor.functional.reactive;

import dev.lightcache.processor.functional.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server behind the reactive clients of this package: rows by id, and the requests that reached
 * it. A read or a write can be held open (nothing blocks: what the client's publisher waits for is a
 * future the test completes), so that a test forces an interleaving instead of waiting for one.
 *
 * <p>A read takes its row when it arrives and answers when released: the moment a real read is most
 * exposed to a concurrent write. A write changes the rows when released, then completes.
 */
final class ItemTable {

  /** What a missing row reads as. */
  static final String NONE = "none";

  final Map<Long, String> rows = new ConcurrentSkipListMap<>();
  /** Writes that reached the server (subscriptions to a write's publisher). */
  final AtomicInteger writes = new AtomicInteger();

  private final AtomicReference<CompletableFuture<Void>> nextRead = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<Void>> nextWrite = new AtomicReference<>();
  private final AtomicReference<RuntimeException> nextWriteFails = new AtomicReference<>();

  /** The next read answers once the returned future is completed. */
  CompletableFuture<Void> holdNextRead() {
    CompletableFuture<Void> release = new CompletableFuture<>();
    nextRead.set(release);
    return release;
  }

  /** The next write is applied (and completes) once the returned future is completed. */
  CompletableFuture<Void> holdNextWrite() {
    CompletableFuture<Void> release = new CompletableFuture<>();
    nextWrite.set(release);
    return release;
  }

  /** The next write fails with {@code failure} without changing anything. */
  void failNextWrite(RuntimeException failure) {
    nextWriteFails.set(failure);
  }

  /** Reads a row now; the future completes with it when the read is released (at once by default). */
  CompletableFuture<Item> read(long id) {
    Item item = new Item(id, rows.getOrDefault(id, NONE));
    CompletableFuture<Void> release = nextRead.getAndSet(null);
    return release == null ? CompletableFuture.completedFuture(item) : release.thenApply(ignored -> item);
  }

  /** Every row, in id order, read now. */
  List<Item> all() {
    List<Item> items = new ArrayList<>();
    rows.forEach((id, name) -> items.add(new Item(id, name)));
    return items;
  }

  /**
   * A write arrives: {@code change} is applied when it is released (at once by default), then the
   * future completes.
   */
  CompletableFuture<Void> write(Runnable change) {
    writes.incrementAndGet();
    RuntimeException failure = nextWriteFails.getAndSet(null);
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    CompletableFuture<Void> release = nextWrite.getAndSet(null);
    return (release == null ? CompletableFuture.<Void>completedFuture(null) : release).thenRun(change);
  }
}
