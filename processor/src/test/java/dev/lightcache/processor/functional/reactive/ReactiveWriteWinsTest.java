package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lightcache.processor.functional.Item;
import dev.lightcache.processor.functional.MapCache;
import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.InMemoryCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes returning deferred types: nothing is invalidated while the write is only returned, the
 * invalidation comes when what it returned completes (never before the write has happened), and "a
 * write wins": once the write has completed, no read that starts afterwards returns data older than
 * the write, and a load that started before it is not stored. Every write method of every library, over
 * the built-in cache (key objects) and a user-written backend (text keys). Interleavings are forced by
 * holding the server's read or write open ({@link ItemTable}); nothing waits for time to pass.
 */
class ReactiveWriteWinsTest {

  /** A write that was called (its publisher assembled, nothing sent) and may now be subscribed. */
  @FunctionalInterface
  interface Write {
    /**
     * Subscribes.
     *
     * @param cancelAfterEnd whether the subscriber cancels its subscription once it has heard the end
     */
    Subscribed subscribe(boolean cancelAfterEnd);

    default Subscribed subscribe() {
      return subscribe(false);
    }
  }

  /** A subscription to a write: {@code done} completes when its publisher terminates. */
  record Subscribed(CompletableFuture<Void> done, Runnable cancel) {}

  /** A client of one library over its own server, with one of its write methods. */
  interface Client {
    ItemTable table();

    /** Read requests that reached the server. */
    int requests();

    /** Subscribes to the cached read of {@code id} now: the name of the item it emits. */
    CompletableFuture<String> get(long id);

    /** Calls the write method on {@code id}: assembles its publisher, subscribes nothing. */
    Write write(long id);

    CacheStats stats();
  }

  /** One write method: the client using it, and what the row reads once it has happened. */
  record Kind(String name, java.util.function.Function<Cache, Client> client, String written) {
    @Override
    public String toString() {
      return name;
    }
  }

  // ---------------------------------------------------------------- subscribing, per library

  /**
   * Subscribes to a Reactive Streams publisher (Reactor's or a plain one) with a subscriber that asks
   * for everything and, where {@code cancelAfterEnd}, cancels its subscription once it has heard the end
   * (legal, and a no-op: rule 3.7).
   */
  static Write reactiveStreams(Publisher<?> publisher) {
    return cancelAfterEnd -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      AtomicReference<Subscription> subscription = new AtomicReference<>();
      publisher.subscribe(
          new Subscriber<Object>() {
            @Override
            public void onSubscribe(Subscription s) {
              subscription.set(s);
              s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Object item) {}

            @Override
            public void onError(Throwable error) {
              if (cancelAfterEnd) {
                subscription.get().cancel();
              }
              done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
              if (cancelAfterEnd) {
                subscription.get().cancel();
              }
              done.complete(null);
            }
          });
      return new Subscribed(done, () -> subscription.get().cancel());
    };
  }

  static Write uni(Uni<?> uni) {
    return cancelAfterEnd -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      AtomicReference<UniSubscription> subscription = new AtomicReference<>();
      uni.subscribe()
          .withSubscriber(
              new UniSubscriber<Object>() {
                @Override
                public void onSubscribe(UniSubscription s) {
                  subscription.set(s);
                }

                @Override
                public void onItem(Object item) {
                  if (cancelAfterEnd) {
                    subscription.get().cancel();
                  }
                  done.complete(null);
                }

                @Override
                public void onFailure(Throwable failure) {
                  if (cancelAfterEnd) {
                    subscription.get().cancel();
                  }
                  done.completeExceptionally(failure);
                }
              });
      return new Subscribed(done, () -> subscription.get().cancel());
    };
  }

  static Write multi(Multi<?> multi) {
    return cancelAfterEnd -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
      multi.subscribe()
          .withSubscriber(
              new MultiSubscriber<Object>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                  subscription.set(s);
                  s.request(Long.MAX_VALUE);
                }

                @Override
                public void onItem(Object item) {}

                @Override
                public void onFailure(Throwable failure) {
                  if (cancelAfterEnd) {
                    subscription.get().cancel();
                  }
                  done.completeExceptionally(failure);
                }

                @Override
                public void onCompletion() {
                  if (cancelAfterEnd) {
                    subscription.get().cancel();
                  }
                  done.complete(null);
                }
              });
      return new Subscribed(done, () -> subscription.get().cancel());
    };
  }

  // ---------------------------------------------------------------- clients

  static Client reactorClient(Cache cache, BiFunction<ReactorItems, Long, Publisher<?>> write) {
    ReactorServer server = new ReactorServer();
    CachedReactorItems items = CachedReactorItems.wrap(server, cache);
    return new Client() {
      public ItemTable table() {
        return server.table;
      }

      public int requests() {
        return server.requests.get();
      }

      public CompletableFuture<String> get(long id) {
        return items.get(id).map(Item::name).toFuture();
      }

      public Write write(long id) {
        return reactiveStreams(write.apply(items, id));
      }

      public CacheStats stats() {
        return items.stats();
      }
    };
  }

  static Client mutinyClient(Cache cache, BiFunction<MutinyItems, Long, Write> write) {
    MutinyServer server = new MutinyServer();
    CachedMutinyItems items = CachedMutinyItems.wrap(server, cache);
    return new Client() {
      public ItemTable table() {
        return server.table;
      }

      public int requests() {
        return server.requests.get();
      }

      public CompletableFuture<String> get(long id) {
        return items.getItem(id).map(Item::name).subscribeAsCompletionStage();
      }

      public Write write(long id) {
        return write.apply(items, id);
      }

      public CacheStats stats() {
        return items.stats();
      }
    };
  }

  static Client micronautClient(Cache cache, BiFunction<PublisherItems, Long, Publisher<?>> write) {
    PublisherServer server = new PublisherServer();
    CachedPublisherItems items = CachedPublisherItems.wrap(server, cache);
    return new Client() {
      public ItemTable table() {
        return server.table;
      }

      public int requests() {
        return server.requests.get();
      }

      public CompletableFuture<String> get(long id) {
        return PlainSubscriber.subscribe(items.get(id)).done.thenApply(list -> list.get(0).name());
      }

      public Write write(long id) {
        return reactiveStreams(write.apply(items, id));
      }

      public CacheStats stats() {
        return items.stats();
      }
    };
  }

  static final String NEW = "new";

  static List<Kind> kinds() {
    return List.of(
        new Kind("Reactor Mono<Void> delete", c -> reactorClient(c, (i, id) -> i.delete(id)), ItemTable.NONE),
        new Kind("Reactor Mono<Item> update", c -> reactorClient(c, (i, id) -> i.update(id, new Item(id, NEW))), NEW),
        new Kind(
            "Reactor Flux<Item> importAll",
            c -> reactorClient(c, (i, id) -> i.importAll(List.of(new Item(id, NEW)))),
            NEW),
        new Kind("Mutiny Uni<Void> deleteItem", c -> mutinyClient(c, (i, id) -> uni(i.deleteItem(id))), ItemTable.NONE),
        new Kind(
            "Mutiny Uni<Item> updateItem", c -> mutinyClient(c, (i, id) -> uni(i.updateItem(id, new Item(id, NEW)))), NEW),
        new Kind(
            "Mutiny Multi<Item> addItems",
            c -> mutinyClient(c, (i, id) -> multi(i.addItems(List.of(new Item(id, NEW))))),
            NEW),
        new Kind("Micronaut @Delete Publisher<Void>", c -> micronautClient(c, (i, id) -> i.delete(id)), ItemTable.NONE),
        new Kind("Micronaut @Delete Publisher<Item>", c -> micronautClient(c, (i, id) -> i.remove(id)), ItemTable.NONE),
        new Kind(
            "Micronaut @Put Publisher<Item>",
            c -> micronautClient(c, (i, id) -> i.update(id, new Item(id, NEW))),
            NEW));
  }

  /** Every write method over the built-in in-memory cache and over a user-written text backend. */
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Kind kind : kinds()) {
      cases.add(Arguments.of(kind, "InMemoryCache", (Supplier<Cache>) InMemoryCache::new));
      cases.add(Arguments.of(kind, "MapCache", (Supplier<Cache>) MapCache::new));
    }
    return cases.stream();
  }

  private static <T> T within5s(Future<T> future) throws Exception {
    return future.get(5, TimeUnit.SECONDS);
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    return within5s(future.handle((value, error) -> error));
  }

  // ---------------------------------------------------------------- the promises

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cases")
  void aWriteThatIsOnlyReturnedSendsNothingAndInvalidatesNothing(Kind kind, String name, Supplier<Cache> backend)
      throws Exception {
    Client client = kind.client().apply(backend.get());
    client.table().rows.put(1L, "old");
    assertEquals("old", within5s(client.get(1)));

    client.write(1);
    assertEquals(0, client.table().writes.get());
    assertEquals("old", within5s(client.get(1)));
    assertEquals(0, client.stats().invalidations());
    assertEquals(1, client.requests());
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cases")
  void aWriteInvalidatesOnceWhenItCompletesNotWhenItIsSubscribed(Kind kind, String name, Supplier<Cache> backend)
      throws Exception {
    Client client = kind.client().apply(backend.get());
    client.table().rows.put(1L, "old");
    assertEquals("old", within5s(client.get(1)));

    CompletableFuture<Void> release = client.table().holdNextWrite();
    Subscribed write = client.write(1).subscribe();
    assertEquals(1, client.table().writes.get(), "the write was sent");
    assertEquals("old", within5s(client.get(1)), "nothing changed yet: the cached value still holds");
    assertEquals(0, client.stats().invalidations());

    release.complete(null);
    within5s(write.done());
    assertEquals(1, client.stats().invalidations());
    assertEquals(kind.written(), within5s(client.get(1)));
    assertEquals(2, client.requests());
  }

  /**
   * The bug of the issue: a write that invalidated when it was called or subscribed let a read made
   * before the server applied it load the old row and cache it for good.
   */
  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cases")
  void aReadLoadingWhileTheWriteIsInFlightLeavesNoStaleEntry(Kind kind, String name, Supplier<Cache> backend)
      throws Exception {
    Client client = kind.client().apply(backend.get());
    client.table().rows.put(1L, "old");
    CompletableFuture<Void> release = client.table().holdNextWrite();
    Subscribed write = client.write(1).subscribe();

    assertEquals("old", within5s(client.get(1)), "the server has not applied the write yet");
    assertEquals(1, client.requests());

    release.complete(null);
    within5s(write.done());
    assertEquals(kind.written(), within5s(client.get(1)), "the value loaded during the write survived it");
    assertEquals(2, client.requests());
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cases")
  void aLoadInFlightAcrossTheWriteIsNeitherJoinedNorStored(Kind kind, String name, Supplier<Cache> backend)
      throws Exception {
    Client client = kind.client().apply(backend.get());
    client.table().rows.put(1L, "old");
    CompletableFuture<Void> releaseRead = client.table().holdNextRead();
    CompletableFuture<String> early = client.get(1); // has read "old" on the server, not answered yet
    assertFalse(early.isDone());

    within5s(client.write(1).subscribe().done()); // has completed: every read from now on must see it

    assertEquals(kind.written(), within5s(client.get(1)), "a later read joined the load from before the write");
    releaseRead.complete(null);
    assertEquals("old", within5s(early), "the early read itself started before the write");
    assertEquals(kind.written(), within5s(client.get(1)), "the stale load was stored");
    assertEquals(2, client.requests());
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cases")
  void aFailedWriteInvalidatesNothingAndItsSubscriberGetsTheFailure(
      Kind kind, String name, Supplier<Cache> backend) throws Exception {
    Client client = kind.client().apply(backend.get());
    client.table().rows.put(1L, "old");
    assertEquals("old", within5s(client.get(1)));

    IllegalStateException failure = new IllegalStateException("409 conflict");
    client.table().failNextWrite(failure);
    Subscribed write = client.write(1).subscribe();
    assertSame(failure, failureOf(write.done()));
    assertEquals(0, client.stats().invalidations());
    assertEquals("old", within5s(client.get(1)));
    assertEquals(1, client.requests());
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cases")
  void aWriteCancelledInFlightInvalidatesOnce(Kind kind, String name, Supplier<Cache> backend) throws Exception {
    Client client = kind.client().apply(backend.get());
    client.table().rows.put(1L, "old");
    assertEquals("old", within5s(client.get(1)));

    CompletableFuture<Void> release = client.table().holdNextWrite();
    Subscribed write = client.write(1).subscribe();
    write.cancel().run(); // the request was sent: the server may apply it
    assertEquals(1, client.stats().invalidations());
    release.complete(null);
    assertEquals(1, client.stats().invalidations(), "a cancelled write invalidates once");
    within5s(client.get(1));
    assertEquals(2, client.requests());
  }

  /**
   * A subscriber may cancel after it has heard the end (rule 3.7 makes that a no-op): a write that
   * completed has invalidated once, and one that failed has invalidated nothing, whatever follows.
   */
  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cases")
  void aCancellationAfterTheEndIsNoCancellation(Kind kind, String name, Supplier<Cache> backend) throws Exception {
    Client client = kind.client().apply(backend.get());
    client.table().rows.put(1L, "old");
    within5s(client.write(1).subscribe(true).done());
    assertEquals(1, client.stats().invalidations(), "a completed write invalidates once");

    assertEquals(kind.written(), within5s(client.get(1)));
    IllegalStateException failure = new IllegalStateException("409 conflict");
    client.table().failNextWrite(failure);
    assertSame(failure, failureOf(client.write(1).subscribe(true).done()));
    assertEquals(1, client.stats().invalidations(), "a failed write invalidates nothing");
    assertEquals(kind.written(), within5s(client.get(1)));
    assertEquals(1, client.requests());
  }

  static Stream<Arguments> backends() {
    return Stream.of(
        Arguments.of("InMemoryCache", (Supplier<Cache>) InMemoryCache::new),
        Arguments.of("MapCache", (Supplier<Cache>) MapCache::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backends")
  void aWriteThroughAnotherProxyOverTheSameBackendWinsToo(String name, Supplier<Cache> backend) throws Exception {
    Cache shared = backend.get();
    ReactorServer server = new ReactorServer();
    ReactorItems reader = CachedReactorItems.wrap(server, shared);
    ReactorItems writer = CachedReactorItems.wrap(server, shared);
    server.table.rows.put(1L, "old");
    CompletableFuture<Void> releaseRead = server.table.holdNextRead();
    CompletableFuture<Item> early = reader.get(1).toFuture();

    writer.update(1, new Item(1, NEW)).block();

    assertEquals(new Item(1, NEW), within5s(reader.get(1).toFuture()), "the reader joined its load from before the write");
    releaseRead.complete(null);
    assertEquals(new Item(1, "old"), within5s(early));
    assertEquals(new Item(1, NEW), reader.get(1).block(), "the reader's stale load was stored");
    assertEquals(new Item(1, NEW), writer.get(1).block());
  }

  /**
   * A write retried after a failure is subscribed again: the failed attempt invalidates nothing, the
   * successful one invalidates (each subscription on its own).
   */
  @Test
  void aRetriedWriteInvalidatesWhenTheRetrySucceeds() {
    IllegalStateException failure = new IllegalStateException("503, try again");
    List<String> counts = new ArrayList<>();

    ReactorServer reactor = new ReactorServer();
    CachedReactorItems reactorItems = CachedReactorItems.wrap(reactor);
    reactor.table.failNextWrite(failure);
    reactorItems.delete(1).retry(1).block();
    reactor.table.failNextWrite(failure);
    reactorItems.importAll(List.of(new Item(1, NEW))).retry(1).blockLast();
    counts.add("Reactor: " + reactorItems.stats().invalidations() + " for " + reactor.table.writes.get() + " attempts");

    MutinyServer mutiny = new MutinyServer();
    CachedMutinyItems mutinyItems = CachedMutinyItems.wrap(mutiny);
    mutiny.table.failNextWrite(failure);
    mutinyItems.deleteItem(1).onFailure().retry().atMost(1).await().indefinitely();
    mutiny.table.failNextWrite(failure);
    mutinyItems.addItems(List.of(new Item(1, NEW))).onFailure().retry().atMost(1).collect().asList().await().indefinitely();
    counts.add("Mutiny: " + mutinyItems.stats().invalidations() + " for " + mutiny.table.writes.get() + " attempts");

    PublisherServer micronaut = new PublisherServer();
    CachedPublisherItems micronautItems = CachedPublisherItems.wrap(micronaut);
    micronaut.table.failNextWrite(failure);
    Flux.from(micronautItems.delete(1)).retry(1).blockLast();
    micronaut.table.failNextWrite(failure);
    Flux.from(micronautItems.update(1, new Item(1, NEW))).retry(1).blockLast();
    counts.add("Publisher: " + micronautItems.stats().invalidations() + " for " + micronaut.table.writes.get() + " attempts");

    assertEquals(List.of("Reactor: 2 for 4 attempts", "Mutiny: 2 for 4 attempts", "Publisher: 2 for 4 attempts"), counts);
  }

  // ---------------------------------------------------------------- how users wait for writes

  /**
   * {@code block()}, {@code toFuture()} and {@code next()} cancel their source once they have a value:
   * the write has completed, and it invalidates once, not once more on that cancellation.
   */
  @Test
  void reactorWritesInvalidateOnceHoweverTheyAreAwaited() throws Exception {
    ReactorServer server = new ReactorServer();
    CachedReactorItems items = CachedReactorItems.wrap(server);
    List<String> counts = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    Runnable[] ways = {
      () -> items.update(1, new Item(1, "a")).block(),
      () -> items.update(1, new Item(1, "b")).toFuture().join(),
      () -> items.update(1, new Item(1, "c")).subscribe(),
      () -> items.delete(1).block(),
      () -> items.importAll(List.of(new Item(1, "d"))).blockLast(),
      () -> items.importAll(List.of(new Item(1, "e"), new Item(2, "f"))).next().block(),
      () -> items.importAll(List.of(new Item(1, "g"))).collectList().block(),
    };
    String[] names = {"Mono.block", "Mono.toFuture", "Mono.subscribe", "Mono<Void>.block", "Flux.blockLast",
        "Flux.next.block", "Flux.collectList.block"};
    for (int i = 0; i < ways.length; i++) {
      ways[i].run();
      counts.add(names[i] + ": " + items.stats().invalidations());
      expected.add(names[i] + ": " + (i + 1));
    }
    assertEquals(expected, counts);
  }

  @Test
  void mutinyWritesInvalidateOnceHoweverTheyAreAwaited() {
    MutinyServer server = new MutinyServer();
    CachedMutinyItems items = CachedMutinyItems.wrap(server);
    List<String> counts = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    Runnable[] ways = {
      () -> items.updateItem(1, new Item(1, "a")).await().indefinitely(),
      () -> items.updateItem(1, new Item(1, "b")).subscribeAsCompletionStage().join(),
      () -> items.deleteItem(1).await().indefinitely(),
      () -> items.addItems(List.of(new Item(1, "c"))).collect().asList().await().indefinitely(),
      () -> items.addItems(List.of(new Item(1, "d"), new Item(2, "e"))).toUni().await().indefinitely(),
      () -> items.addItems(List.of(new Item(1, "f"))).subscribe().asIterable().forEach(item -> {}),
    };
    String[] names = {"Uni.await", "Uni.subscribeAsCompletionStage", "Uni<Void>.await", "Multi.collect",
        "Multi.toUni", "Multi.asIterable"};
    for (int i = 0; i < ways.length; i++) {
      ways[i].run();
      counts.add(names[i] + ": " + items.stats().invalidations());
      expected.add(names[i] + ": " + (i + 1));
    }
    assertEquals(expected, counts);
  }

  @Test
  void publisherWritesInvalidateOnceHoweverTheyAreAwaited() {
    PublisherServer server = new PublisherServer();
    CachedPublisherItems items = CachedPublisherItems.wrap(server);
    List<String> counts = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    Runnable[] ways = {
      () -> Mono.from(items.update(1, new Item(1, "a"))).block(),
      () -> Flux.from(items.update(1, new Item(1, "b"))).blockLast(),
      () -> Mono.from(items.delete(1)).block(),
      () -> Mono.from(items.remove(1)).toFuture().join(),
    };
    String[] names = {"Mono.from.block", "Flux.from.blockLast", "Mono.from(Publisher<Void>).block",
        "Mono.from.toFuture"};
    for (int i = 0; i < ways.length; i++) {
      ways[i].run();
      counts.add(names[i] + ": " + items.stats().invalidations());
      expected.add(names[i] + ": " + (i + 1));
    }
    assertEquals(expected, counts);
  }
}
