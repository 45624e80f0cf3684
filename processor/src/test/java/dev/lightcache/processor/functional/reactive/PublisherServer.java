package dev.lightcache.processor.functional.reactive;

import dev.lightcache.processor.functional.Item;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;

/**
 * The delegate of {@link PublisherItems}, returning {@link PlainPublisher}s (no Reactor): each
 * subscription to a read's publisher is one request ({@link #requests}). A test may queue the response
 * of the next read ({@link #nextItems}, {@link #nextTags}) to hold it open or fail it.
 */
final class PublisherServer implements PublisherItems {
  final ItemTable table = new ItemTable();
  final Map<Long, List<String>> tagsById = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger calls = new AtomicInteger();
  /** Cancellations of the publishers of reads. */
  final AtomicInteger cancellations = new AtomicInteger();
  final Queue<CompletableFuture<List<Item>>> nextItems = new ConcurrentLinkedQueue<>();
  final Queue<CompletableFuture<List<String>>> nextTags = new ConcurrentLinkedQueue<>();
  /** Thrown by the next read call itself. */
  volatile RuntimeException throwOnCall;

  private <T> Publisher<T> read(
      Supplier<CompletableFuture<List<T>>> answer, Queue<CompletableFuture<List<T>>> scripted) {
    calls.incrementAndGet();
    RuntimeException failure = throwOnCall;
    if (failure != null) {
      throwOnCall = null;
      throw failure;
    }
    return new PlainPublisher<>(
        () -> {
          requests.incrementAndGet();
          CompletableFuture<List<T>> next = scripted.poll();
          return next != null ? next : answer.get();
        },
        cancellations::incrementAndGet);
  }

  @Override
  public Publisher<Item> get(long id) {
    return read(() -> table.read(id).thenApply(List::of), nextItems);
  }

  @Override
  public Publisher<String> tags(long id) {
    return read(() -> CompletableFuture.completedFuture(tagsById.getOrDefault(id, List.of())), nextTags);
  }

  @Override
  public Publisher<Void> delete(long id) {
    return new PlainPublisher<>(() -> table.write(() -> table.rows.remove(id)).thenApply(ignored -> List.of()));
  }

  @Override
  public Publisher<Item> remove(long id) {
    AtomicReference<String> removed = new AtomicReference<>(ItemTable.NONE);
    return new PlainPublisher<>(
        () -> table.write(() -> removed.set(table.rows.remove(id)))
            .thenApply(ignored -> List.of(new Item(id, String.valueOf(removed.get())))));
  }

  @Override
  public Publisher<Item> update(long id, Item item) {
    return new PlainPublisher<>(
        () -> table.write(() -> table.rows.put(id, item.name())).thenApply(ignored -> List.of(item)));
  }
}
