package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.processor.functional.Item;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;
import reactor.util.context.Context;

/**
 * Reactor returns: {@code Mono} caches the emitted value, {@code Flux} the elements as a list. The
 * publishers stay lazy, subscriptions share one request per load, and errors, empties and cancellations
 * behave as the delegate's own publisher would, without being cached.
 */
class ReactorBehaviourTest {

  private final ReactorServer server = new ReactorServer();
  private final CachedReactorItems items = CachedReactorItems.wrap(server);

  private static <T> TestSubscriber<T> subscribe(Publisher<T> publisher) {
    TestSubscriber<T> subscriber = TestSubscriber.create();
    publisher.subscribe(subscriber);
    return subscriber;
  }

  /** Waits (5 s at most) for the end, then checks it: delivery need not be on the emitting thread. */
  private static <T> void assertEmitted(List<T> expected, TestSubscriber<T> subscriber) {
    subscriber.block(Duration.ofSeconds(5));
    assertEquals(expected, subscriber.getReceivedOnNext());
    assertTrue(subscriber.isTerminatedComplete(), () -> "not completed: " + subscriber.getTerminalSignal());
  }

  // ---------------------------------------------------------------- laziness and sharing

  @Test
  void nothingRunsBeforeASubscriptionAndSubscribingAgainSendsNoRequest() {
    server.table.rows.put(7L, "seven");
    Mono<Item> get = items.get(7);
    Flux<Item> list = items.list("all");
    assertEquals(0, server.calls.get(), "the delegate is not even called before a subscription");
    assertEquals(0, server.requests.get());

    StepVerifier.create(get).expectNext(new Item(7, "seven")).verifyComplete();
    server.table.rows.put(7L, "changed on the server");
    StepVerifier.create(get).expectNext(new Item(7, "seven")).verifyComplete(); // the same publisher
    StepVerifier.create(items.get(7)).expectNext(new Item(7, "seven")).verifyComplete(); // a new call
    assertEquals(1, server.requests.get());
    assertEquals(1, server.calls.get());

    StepVerifier.create(list).expectNext(new Item(7, "changed on the server")).verifyComplete();
    StepVerifier.create(list).expectNext(new Item(7, "changed on the server")).verifyComplete();
    StepVerifier.create(items.list("all")).expectNext(new Item(7, "changed on the server")).verifyComplete();
    assertEquals(2, server.requests.get());
  }

  @Test
  void subscribersArrivingWhileAMonoLoadsShareItsOneRequest() {
    Sinks.One<Item> response = Sinks.one();
    server.nextMono.add(response.asMono());
    Mono<Item> get = items.get(1);
    TestSubscriber<Item> first = subscribe(get);
    TestSubscriber<Item> second = subscribe(get);
    TestSubscriber<Item> third = subscribe(items.get(1));
    assertEquals(1, server.requests.get());
    assertFalse(first.isTerminated() || second.isTerminated() || third.isTerminated());

    Item late = new Item(1, "late");
    response.tryEmitValue(late).orThrow();
    for (TestSubscriber<Item> subscriber : List.of(first, second, third)) {
      assertEmitted(List.of(late), subscriber);
      assertSame(late, subscriber.getReceivedOnNext().get(0));
    }
    assertEmitted(List.of(late), subscribe(items.get(1)));
    assertEquals(1, server.requests.get());
  }

  @Test
  void subscribersArrivingWhileAFluxLoadsShareItsOneSubscription() {
    // A unicast sink refuses a second subscriber: the delegate's Flux is subscribed exactly once.
    Sinks.Many<Item> response = Sinks.many().unicast().onBackpressureBuffer();
    server.nextFlux.add(response.asFlux());
    TestSubscriber<Item> first = subscribe(items.list("a"));
    TestSubscriber<Item> second = subscribe(items.list("a"));
    response.tryEmitNext(new Item(1, "a")).orThrow();
    TestSubscriber<Item> third = subscribe(items.list("a"));
    response.tryEmitNext(new Item(2, "b")).orThrow();
    assertTrue(first.getReceivedOnNext().isEmpty(), "the elements are collected before they are passed on");
    response.tryEmitComplete().orThrow();

    List<Item> expected = List.of(new Item(1, "a"), new Item(2, "b"));
    assertEmitted(expected, first);
    assertEmitted(expected, second);
    assertEmitted(expected, third);
    assertEmitted(expected, subscribe(items.list("a")));
    assertEquals(1, server.requests.get());
  }

  @Test
  void manyThreadsSubscribingAtOnceShareOneRequest() throws Exception {
    Sinks.One<Item> response = Sinks.one();
    server.nextMono.add(response.asMono());
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch subscribed = new CountDownLatch(threads);
      List<Future<CompletableFuture<Item>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  CompletableFuture<Item> result = items.get(1).toFuture(); // subscribes now
                  subscribed.countDown();
                  return result;
                }));
      }
      start.countDown();
      assertTrue(subscribed.await(5, TimeUnit.SECONDS));
      assertEquals(1, server.requests.get());

      Item value = new Item(1, "value");
      response.tryEmitValue(value).orThrow();
      for (Future<CompletableFuture<Item>> result : results) {
        assertSame(value, result.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
      }
      assertEquals(1, server.requests.get());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void anErrorReachesEverySubscriberOfTheLoadAsItIsAndIsNotCached() {
    IllegalStateException failure = new IllegalStateException("502 from upstream");
    Sinks.One<Item> response = Sinks.one();
    server.nextMono.add(response.asMono());
    TestSubscriber<Item> starter = subscribe(items.get(1));
    TestSubscriber<Item> joiner = subscribe(items.get(1));
    response.tryEmitError(failure).orThrow();
    assertSame(failure, starter.expectTerminalError());
    assertSame(failure, joiner.expectTerminalError());
    assertEquals(1, server.requests.get());

    server.table.rows.put(1L, "one");
    StepVerifier.create(items.get(1)).expectNext(new Item(1, "one")).verifyComplete();
    StepVerifier.create(items.get(1)).expectNext(new Item(1, "one")).verifyComplete();
    assertEquals(2, server.requests.get(), "the failure was not cached, the success was");
    assertEquals(1, items.stats().loadFailures());
  }

  @Test
  void aFluxFailingAfterSomeElementsIsNotCachedAndPassesOnOnlyTheError() {
    IllegalStateException failure = new IllegalStateException("connection reset");
    server.nextFlux.add(Flux.just(new Item(1, "a"), new Item(2, "b")).concatWith(Flux.error(failure)));
    StepVerifier.create(items.list("a")).expectErrorSatisfies(e -> assertSame(failure, e)).verify();

    server.table.rows.put(3L, "c");
    StepVerifier.create(items.list("a")).expectNext(new Item(3, "c")).verifyComplete();
    StepVerifier.create(items.list("a")).expectNext(new Item(3, "c")).verifyComplete();
    assertEquals(2, server.requests.get());
  }

  @Test
  void aDelegateThrowingInsteadOfReturningAMonoFailsTheSubscriptionNotTheCall() {
    IllegalStateException failure = new IllegalStateException("no connection");
    server.throwOnCall = failure;
    Mono<Item> get = items.get(1); // the delegate is only called on subscription: nothing to throw yet
    assertEquals(0, server.calls.get());

    StepVerifier.create(get).expectErrorSatisfies(e -> assertSame(failure, e)).verify();
    assertEquals(1, server.calls.get());
    assertEquals(1, items.stats().loadFailures());

    server.table.rows.put(1L, "one");
    StepVerifier.create(get).expectNext(new Item(1, "one")).verifyComplete(); // the key is not stuck
    assertEquals(2, server.calls.get());
  }

  @Test
  void aDelegateReturningNoMonoFailsTheSubscriptionWithAClearError() {
    server.returnNull = true;
    StepVerifier.create(items.get(1))
        .expectErrorSatisfies(
            e -> {
              assertInstanceOf(NullPointerException.class, e);
              assertTrue(e.getMessage().contains("get(long) returned a null Mono"), e.getMessage());
            })
        .verify();
    StepVerifier.create(items.get(1)).expectNext(new Item(1, ItemTable.NONE)).verifyComplete();
  }

  @Test
  void aWriteWhoseDelegateThrowsThrowsAtTheCallAsTheDelegateWouldAndInvalidatesNothing() {
    server.table.rows.put(1L, "one");
    items.get(1).block();
    IllegalStateException failure = new IllegalStateException("no connection");
    server.throwOnWriteCall = failure;
    // A write calls the delegate when it is called (its publisher is the delegate's), so a delegate
    // that throws instead of returning a publisher throws to the caller, exactly as without the proxy.
    assertSame(failure, assertThrows(IllegalStateException.class, () -> items.delete(1)));
    assertEquals(0, items.stats().invalidations());
    assertEquals(new Item(1, "one"), items.get(1).block());
    assertEquals(1, server.requests.get());
  }

  // ---------------------------------------------------------------- empties

  @Test
  void anEmptyMonoIsNotCachedWithoutCacheNulls() {
    StepVerifier.create(items.find("nobody")).verifyComplete();
    StepVerifier.create(items.find("nobody")).verifyComplete();
    assertEquals(2, server.requests.get());
    server.table.rows.put(5L, "nobody");
    StepVerifier.create(items.find("nobody")).expectNext(new Item(5, "nobody")).verifyComplete();
  }

  @Test
  void anEmptyMonoIsCachedAsEmptyWithCacheNulls() {
    Mono<Item> lookup = items.lookup("nobody");
    StepVerifier.create(lookup).verifyComplete();
    server.table.rows.put(5L, "nobody");
    StepVerifier.create(lookup).verifyComplete();
    StepVerifier.create(items.lookup("nobody")).verifyComplete();
    assertEquals(1, server.requests.get(), "the empty result was cached");
  }

  @Test
  void anEmptyFluxIsCachedAsAnEmptyList() {
    server.nextFlux.add(Flux.empty());
    StepVerifier.create(items.list("nothing")).verifyComplete();
    server.table.rows.put(1L, "one");
    StepVerifier.create(items.list("nothing")).verifyComplete();
    assertEquals(1, server.requests.get());
  }

  @Test
  void fluxElementsAreReplayedInOrderWithBackpressure() {
    List<Item> expected = IntStream.rangeClosed(1, 50).mapToObj(i -> new Item(i, "n" + i)).toList();
    server.nextFlux.add(Flux.fromIterable(expected).publishOn(reactor.core.scheduler.Schedulers.parallel()));
    StepVerifier.create(items.list("many")).expectNextSequence(expected).verifyComplete();
    StepVerifier.create(items.list("many")).expectNextSequence(expected).verifyComplete();
    StepVerifier.create(items.list("many"), 0)
        .thenRequest(1)
        .expectNext(expected.get(0))
        .thenRequest(2)
        .expectNext(expected.get(1), expected.get(2))
        .thenCancel()
        .verify();
    assertEquals(1, server.requests.get());
  }

  // ---------------------------------------------------------------- cancellation

  @Test
  void theSubscriberThatStartedTheLoadCancellingFailsNoOther() {
    Sinks.One<Item> response = Sinks.one();
    AtomicBoolean requestCancelled = new AtomicBoolean();
    server.nextMono.add(response.asMono().doOnCancel(() -> requestCancelled.set(true)));
    TestSubscriber<Item> starter = subscribe(items.get(1));
    TestSubscriber<Item> joiner = subscribe(items.get(1));
    starter.cancel();
    assertFalse(requestCancelled.get(), "the request is shared: one subscriber may not cancel it");

    Item value = new Item(1, "value");
    response.tryEmitValue(value).orThrow();
    assertEmitted(List.of(value), joiner);
    assertTrue(starter.getReceivedOnNext().isEmpty());
    assertFalse(starter.isTerminated(), "a cancelled subscriber hears nothing more");
    assertEmitted(List.of(value), subscribe(items.get(1)));
    assertEquals(1, server.requests.get());
  }

  @Test
  void aLoadWhoseOnlySubscriberCancelledIsJoinedByTheNextOne() {
    Sinks.One<Item> response = Sinks.one();
    server.nextMono.add(response.asMono());
    Disposable only = items.get(1).subscribe();
    only.dispose();
    StepVerifier.create(items.get(1)).thenCancel().verify();
    TestSubscriber<Item> later = subscribe(items.get(1));
    assertEquals(1, server.requests.get());

    Item value = new Item(1, "value");
    response.tryEmitValue(value).orThrow();
    assertEmitted(List.of(value), later);
    assertEquals(1, server.requests.get());
  }

  @Test
  void aFluxSubscriberCancellingWhileElementsArriveFailsNoOther() {
    Sinks.Many<Item> response = Sinks.many().unicast().onBackpressureBuffer();
    server.nextFlux.add(response.asFlux());
    List<TestSubscriber<Item>> joiners = new ArrayList<>();
    StepVerifier.create(items.list("a")) // starts the load
        .expectSubscription()
        .then(() -> joiners.add(subscribe(items.list("a"))))
        .then(() -> response.tryEmitNext(new Item(1, "a")).orThrow())
        .thenCancel()
        .verify();
    response.tryEmitNext(new Item(2, "b")).orThrow();
    response.tryEmitComplete().orThrow();
    assertEmitted(List.of(new Item(1, "a"), new Item(2, "b")), joiners.get(0));
    assertEquals(1, server.requests.get());
  }

  // ---------------------------------------------------------------- context

  @Test
  void theLoadRunsWithTheContextOfTheSubscriberThatStartedIt() {
    server.nextMono.add(
        Mono.deferContextual(context -> Mono.just(new Item(1, context.getOrDefault("tenant", "no context")))));
    StepVerifier.create(items.get(1).contextWrite(Context.of("tenant", "acme")))
        .expectNext(new Item(1, "acme"))
        .verifyComplete();
    // The context is not part of the key: another subscriber gets the value loaded for the first.
    StepVerifier.create(items.get(1).contextWrite(Context.of("tenant", "globex")))
        .expectNext(new Item(1, "acme"))
        .verifyComplete();

    server.nextFlux.add(
        Flux.deferContextual(context -> Flux.just(new Item(2, context.getOrDefault("tenant", "no context")))));
    StepVerifier.create(items.list("b").contextWrite(Context.of("tenant", "initech")))
        .expectNext(new Item(2, "initech"))
        .verifyComplete();
    assertEquals(2, server.requests.get());
  }

  // ---------------------------------------------------------------- writes

  @Test
  void aDeleteInvalidatesWhenItCompletesNotWhenItIsReturned() {
    server.table.rows.put(7L, "seven");
    items.get(7).block();
    Mono<Void> delete = items.delete(7);
    assertEquals(0, server.table.writes.get());
    assertEquals(new Item(7, "seven"), items.get(7).block(), "not invalidated before the delete runs");
    delete.block();
    assertEquals(new Item(7, ItemTable.NONE), items.get(7).block());
    assertEquals(2, server.requests.get());
  }

  // ---------------------------------------------------------------- a text backend

  @Test
  void overATextBackendValuesAreStoredNotPublishersAndLoadsAreShared() {
    RecordingCache cache = new RecordingCache();
    ReactorItems overText = CachedReactorItems.wrap(server, cache);
    Sinks.One<Item> one = Sinks.one();
    server.nextMono.add(one.asMono());
    TestSubscriber<Item> first = subscribe(overText.get(1));
    TestSubscriber<Item> second = subscribe(overText.get(1));
    Item value = new Item(1, "value");
    one.tryEmitValue(value).orThrow();
    assertEmitted(List.of(value), first);
    assertEmitted(List.of(value), second);
    assertEmitted(List.of(value), subscribe(overText.get(1)));
    assertEquals(1, server.requests.get());

    Sinks.Many<Item> many = Sinks.many().unicast().onBackpressureBuffer();
    server.nextFlux.add(many.asFlux());
    TestSubscriber<Item> third = subscribe(overText.list("a"));
    TestSubscriber<Item> fourth = subscribe(overText.list("a"));
    many.tryEmitNext(new Item(2, "a")).orThrow();
    many.tryEmitNext(new Item(3, "b")).orThrow();
    many.tryEmitComplete().orThrow();
    List<Item> elements = List.of(new Item(2, "a"), new Item(3, "b"));
    assertEmitted(elements, third);
    assertEmitted(elements, fourth);
    assertEmitted(elements, subscribe(overText.list("a")));
    assertEquals(2, server.requests.get());

    assertEquals(List.of(value, elements), cache.stored, "the values were stored, once each");
  }
}
