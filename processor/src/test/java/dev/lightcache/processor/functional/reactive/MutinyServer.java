package dev.lightcache.processor.functional.reactive;

import dev.lightcache.processor.functional.Item;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The delegate of {@link MutinyItems}, as a Quarkus REST client would be: each call returns a cold
 * {@code Uni} or {@code Multi}, and each subscription to a read's is one request ({@link #requests}).
 * A test may queue what the next read answers with ({@link #nextUni}, {@link #nextMulti}); otherwise
 * reads answer from the {@link ItemTable}.
 */
final class MutinyServer implements MutinyItems {
  final ItemTable table = new ItemTable();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger calls = new AtomicInteger();
  final Queue<Uni<Item>> nextUni = new ConcurrentLinkedQueue<>();
  final Queue<Multi<Item>> nextMulti = new ConcurrentLinkedQueue<>();
  /** Thrown by the next read call itself, before any {@code Uni} is returned. */
  volatile RuntimeException throwOnCall;
  /** Thrown by the next call of a write method itself. */
  volatile RuntimeException throwOnWriteCall;

  private Uni<Item> uni(Supplier<Uni<Item>> answer) {
    calls.incrementAndGet();
    RuntimeException failure = throwOnCall;
    if (failure != null) {
      throwOnCall = null;
      throw failure;
    }
    return Uni.createFrom()
        .deferred(
            () -> {
              requests.incrementAndGet();
              Uni<Item> next = nextUni.poll();
              return next != null ? next : answer.get();
            });
  }

  @Override
  public Uni<Item> getItem(long id) {
    return uni(() -> Uni.createFrom().completionStage(table.read(id)));
  }

  @Override
  public Multi<Item> listItems(String category) {
    calls.incrementAndGet();
    return Multi.createFrom()
        .deferred(
            () -> {
              requests.incrementAndGet();
              Multi<Item> next = nextMulti.poll();
              return next != null ? next : Multi.createFrom().iterable(table.all());
            });
  }

  @Override
  public Uni<Item> findByName(String name) {
    return uni(() -> Uni.createFrom().item(byName(name)));
  }

  @Override
  public Uni<Item> fetchByName(String name) {
    return uni(() -> Uni.createFrom().item(byName(name)));
  }

  private Item byName(String name) {
    return table.all().stream().filter(item -> item.name().equals(name)).findFirst().orElse(null);
  }

  private void writeCall() {
    RuntimeException failure = throwOnWriteCall;
    if (failure != null) {
      throwOnWriteCall = null;
      throw failure;
    }
  }

  @Override
  public Uni<Void> deleteItem(long id) {
    writeCall();
    return Uni.createFrom().completionStage(() -> table.write(() -> table.rows.remove(id)));
  }

  @Override
  public Uni<Item> updateItem(long id, Item item) {
    writeCall();
    return Uni.createFrom()
        .completionStage(() -> table.write(() -> table.rows.put(id, item.name())))
        .replaceWith(item);
  }

  @Override
  public Multi<Item> addItems(List<Item> items) {
    writeCall();
    return Uni.createFrom()
        .completionStage(() -> table.write(() -> items.forEach(item -> table.rows.put(item.id(), item.name()))))
        .onItem()
        .transformToMulti(ignored -> Multi.createFrom().iterable(items));
  }
}
