package dev.lightcache.processor.functional.reactive;

import static dev.lightcache.processor.functional.reactive.PlainSubscriber.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lightcache.processor.functional.Item;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.CorePublisher;
import reactor.core.publisher.Mono;

/**
 * Reactive Streams {@code Publisher} returns of a Micronaut-style client whose delegate returns
 * publishers without any library ({@link PlainPublisher}), subscribed to by plain subscribers
 * ({@link PlainSubscriber}): with Reactor on the compile classpath the reads are collected and replayed
 * like a {@code Flux}; the writes invalidate when they complete.
 */
class PublisherBehaviourTest {

  private final PublisherServer server = new PublisherServer();
  private final CachedPublisherItems items = CachedPublisherItems.wrap(server);

  // ---------------------------------------------------------------- reads

  @Test
  void elementsAreReplayedInOrderFromOneRequestAndNothingRunsBeforeASubscription() {
    server.tagsById.put(1L, List.of("new", "sale", "blue"));
    Publisher<String> tags = items.tags(1);
    assertEquals(0, server.calls.get(), "the delegate is not even called before a subscription");

    assertEquals(List.of("new", "sale", "blue"), subscribe(tags).result());
    server.tagsById.put(1L, List.of("changed"));
    assertEquals(List.of("new", "sale", "blue"), subscribe(tags).result()); // the same publisher
    assertEquals(List.of("new", "sale", "blue"), subscribe(items.tags(1)).result()); // a new call
    assertEquals(1, server.requests.get());
  }

  @Test
  void anEmptyPublisherIsCachedAsAnEmptyList() {
    assertEquals(List.of(), subscribe(items.tags(2)).result());
    server.tagsById.put(2L, List.of("late"));
    assertEquals(List.of(), subscribe(items.tags(2)).result());
    assertEquals(1, server.requests.get());
  }

  @Test
  void subscribersArrivingWhileTheLoadIsInFlightShareItsOneRequest() {
    CompletableFuture<List<String>> response = new CompletableFuture<>();
    server.nextTags.add(response);
    Publisher<String> tags = items.tags(1);
    PlainSubscriber<String> first = subscribe(tags);
    PlainSubscriber<String> second = subscribe(tags);
    PlainSubscriber<String> third = subscribe(items.tags(1));
    assertEquals(1, server.requests.get());
    assertFalse(first.done.isDone() || second.done.isDone() || third.done.isDone());

    response.complete(List.of("a", "b"));
    for (PlainSubscriber<String> subscriber : List.of(first, second, third, subscribe(items.tags(1)))) {
      assertEquals(List.of("a", "b"), subscriber.result());
    }
    assertEquals(1, server.requests.get());
  }

  @Test
  void anErrorReachesEverySubscriberOfTheLoadAsItIsAndIsNotCached() {
    IllegalStateException failure = new IllegalStateException("503 from upstream");
    CompletableFuture<List<String>> response = new CompletableFuture<>();
    server.nextTags.add(response);
    PlainSubscriber<String> starter = subscribe(items.tags(1));
    PlainSubscriber<String> joiner = subscribe(items.tags(1));
    response.completeExceptionally(failure);
    assertSame(failure, starter.error());
    assertSame(failure, joiner.error());

    server.tagsById.put(1L, List.of("ok"));
    assertEquals(List.of("ok"), subscribe(items.tags(1)).result());
    assertEquals(List.of("ok"), subscribe(items.tags(1)).result());
    assertEquals(2, server.requests.get());
  }

  @Test
  void theSubscriberThatStartedTheLoadCancellingFailsNoOther() {
    CompletableFuture<List<String>> response = new CompletableFuture<>();
    server.nextTags.add(response);
    PlainSubscriber<String> starter = subscribe(items.tags(1));
    PlainSubscriber<String> joiner = subscribe(items.tags(1));
    starter.cancel();
    response.complete(List.of("a"));
    assertEquals(List.of("a"), joiner.result());
    assertFalse(starter.done.isDone());
    assertEquals(0, server.cancellations.get(), "the request is shared: one subscriber may not cancel it");
    assertEquals(List.of("a"), subscribe(items.tags(1)).result());
    assertEquals(1, server.requests.get());
  }

  @Test
  void aDelegateThrowingInsteadOfReturningAPublisherFailsTheSubscriptionNotTheCall() {
    IllegalStateException failure = new IllegalStateException("no connection");
    server.throwOnCall = failure;
    Publisher<String> tags = items.tags(1);
    assertEquals(0, server.calls.get());
    assertSame(failure, subscribe(tags).error());
    server.tagsById.put(1L, List.of("ok"));
    assertEquals(List.of("ok"), subscribe(tags).result());
    assertEquals(2, server.calls.get());
  }

  // ---------------------------------------------------------------- writes

  @Test
  void aDeleteInvalidatesWhenItCompletesBeforeItsSubscriberHearsOfIt() {
    server.table.rows.put(1L, "one");
    assertEquals(List.of(new Item(1, "one")), subscribe(items.get(1)).result());
    Publisher<Void> delete = items.delete(1);
    assertFalse(delete instanceof CorePublisher, "a write's publisher is passed on without Reactor");
    assertEquals(0, server.table.writes.get());
    assertEquals(List.of(new Item(1, "one")), subscribe(items.get(1)).result());
    assertEquals(0, items.stats().invalidations());

    AtomicReference<List<Item>> readOnCompletion = new AtomicReference<>();
    PlainSubscriber<Void> subscriber =
        new PlainSubscriber<>(() -> readOnCompletion.set(subscribe(items.get(1)).result()));
    delete.subscribe(subscriber);
    assertEquals(List.of(), subscriber.result());
    assertEquals(List.of(new Item(1, ItemTable.NONE)), readOnCompletion.get(), "invalidated before onComplete");
    assertEquals(1, items.stats().invalidations());
    assertEquals(2, server.requests.get());
  }

  @Test
  void aWriteEmittingAnElementInvalidatesOnceHoweverItIsSubscribed() {
    server.table.rows.put(1L, "one");
    server.table.rows.put(2L, "two");
    subscribe(items.get(1)).result();
    assertEquals(List.of(new Item(1, "one")), subscribe(items.remove(1)).result());
    assertEquals(1, items.stats().invalidations());
    assertEquals(List.of(new Item(1, ItemTable.NONE)), subscribe(items.get(1)).result());

    // Mono.from cancels its source after the first element: the write has happened, once.
    assertEquals(new Item(2, "two"), Mono.from(items.remove(2)).block());
    assertEquals(2, items.stats().invalidations());
    assertEquals(List.of(new Item(2, ItemTable.NONE)), subscribe(items.get(2)).result());
  }

  // ---------------------------------------------------------------- a text backend

  @Test
  void overATextBackendListsAreStoredNotPublishersAndLoadsAreShared() {
    RecordingCache cache = new RecordingCache();
    PublisherItems overText = CachedPublisherItems.wrap(server, cache);
    CompletableFuture<List<String>> response = new CompletableFuture<>();
    server.nextTags.add(response);
    PlainSubscriber<String> first = subscribe(overText.tags(1));
    PlainSubscriber<String> second = subscribe(overText.tags(1));
    response.complete(List.of("a", "b"));
    assertEquals(List.of("a", "b"), first.result());
    assertEquals(List.of("a", "b"), second.result());
    assertEquals(List.of("a", "b"), subscribe(overText.tags(1)).result());
    assertEquals(1, server.requests.get());
    assertEquals(List.of(List.of("a", "b")), cache.stored);
  }
}
