package dev.lightcache.processor.functional;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A table in memory behind {@link Rows}. A read can be held after it has read its row (the moment a
 * real read is most exposed to a concurrent write): {@link #holdNextRead()} returns a gate the next
 * read waits at, after counting down {@link Gate#readDone}.
 */
class RowStore implements Rows {
  final Map<Long, String> table = new ConcurrentHashMap<>();
  final AtomicInteger reads = new AtomicInteger();
  final Map<Long, Thread> lastReader = new ConcurrentHashMap<>();
  private volatile Gate gate;
  volatile boolean nullOptional;
  /** What the async reads complete with; by default the row, completed at once. */
  volatile java.util.function.Function<String, CompletableFuture<?>> later = CompletableFuture::completedFuture;

  static final class Gate {
    final CountDownLatch readDone = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
  }

  Gate holdNextRead() {
    Gate g = new Gate();
    gate = g;
    return g;
  }

  private String read(long id) {
    reads.incrementAndGet();
    lastReader.put(id, Thread.currentThread());
    String row = table.getOrDefault(id, "none");
    Gate g = gate;
    if (g != null) {
      gate = null;
      g.readDone.countDown();
      try {
        if (!g.release.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the gate was never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return row;
  }

  @Override
  public String get(long id) {
    return read(id);
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<String> getLater(long id) {
    return (CompletableFuture<String>) later.apply(read(id));
  }

  @Override
  public Optional<String> find(long id) {
    return Optional.of(read(id));
  }

  @Override
  public CompletableFuture<Optional<String>> findLater(long id) {
    String row = read(id);
    // A delegate that breaks the contract: a future of a null Optional.
    return CompletableFuture.completedFuture(nullOptional ? null : Optional.of(row));
  }

  @Override
  public long count(int shard) {
    reads.incrementAndGet();
    return table.size();
  }

  @Override
  public void put(long id, String value) {
    table.put(id, value);
  }

  @Override
  public void touch(long id) {
    // the row changed elsewhere; nothing to do here
  }
}
