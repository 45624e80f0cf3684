package dev.lightcache.processor.functional.reactive;

import dev.lightcache.processor.functional.Item;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The delegate of {@link ReactorItems}, as WebClient would be: each call returns a cold publisher,
 * and each subscription to a read's publisher is one request ({@link #requests}). A test may queue the
 * publisher the next read returns ({@link #nextMono}, {@link #nextFlux}) to hold it open, fail it or
 * read the subscriber's context; otherwise reads answer from the {@link ItemTable}.
 */
final class ReactorServer implements ReactorItems {
  final ItemTable table = new ItemTable();
  /** Subscriptions to the publishers of reads: requests sent. */
  final AtomicInteger requests = new AtomicInteger();
  /** Calls of the read methods (assembling a publisher sends nothing). */
  final AtomicInteger calls = new AtomicInteger();
  /** What the next subscription to a {@code Mono} read answers with, instead of the table. */
  final Queue<Mono<Item>> nextMono = new ConcurrentLinkedQueue<>();
  /** What the next subscription to {@link #list} answers with, instead of the table. */
  final Queue<Flux<Item>> nextFlux = new ConcurrentLinkedQueue<>();
  /** Thrown by the next read call itself, as a client that fails before it returns a publisher. */
  volatile RuntimeException throwOnCall;
  /** Thrown by the next call of a write method itself. */
  volatile RuntimeException throwOnWriteCall;
  /** The next read call returns {@code null} instead of a publisher. */
  volatile boolean returnNull;

  private <T> Mono<T> mono(Supplier<Mono<T>> answer, Queue<? extends Mono<T>> scripted) {
    calls.incrementAndGet();
    RuntimeException failure = throwOnCall;
    if (failure != null) {
      throwOnCall = null;
      throw failure;
    }
    if (returnNull) {
      returnNull = false;
      return null;
    }
    return Mono.defer(
        () -> {
          requests.incrementAndGet();
          Mono<T> next = scripted.poll();
          return next != null ? next : answer.get();
        });
  }

  @Override
  public Mono<Item> get(long id) {
    return mono(() -> Mono.fromFuture(table.read(id)), nextMono);
  }

  @Override
  public Flux<Item> list(String category) {
    calls.incrementAndGet();
    return Flux.defer(
        () -> {
          requests.incrementAndGet();
          Flux<Item> next = nextFlux.poll();
          return next != null ? next : Flux.fromIterable(table.all());
        });
  }

  @Override
  public Mono<Item> find(String name) {
    return mono(() -> Mono.justOrEmpty(byName(name)), nextMono);
  }

  @Override
  public Mono<Item> lookup(String name) {
    return mono(() -> Mono.justOrEmpty(byName(name)), nextMono);
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
  public Mono<Void> delete(long id) {
    writeCall();
    return Mono.fromFuture(() -> table.write(() -> table.rows.remove(id)));
  }

  @Override
  public Mono<Item> update(long id, Item item) {
    writeCall();
    return Mono.fromFuture(() -> table.write(() -> table.rows.put(id, item.name()))).thenReturn(item);
  }

  @Override
  public Flux<Item> importAll(List<Item> items) {
    writeCall();
    return Mono.fromFuture(
            () -> table.write(() -> items.forEach(item -> table.rows.put(item.id(), item.name()))))
        .thenMany(Flux.fromIterable(items));
  }
}
