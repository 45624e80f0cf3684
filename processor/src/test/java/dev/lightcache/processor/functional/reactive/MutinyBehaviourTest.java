package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcache.processor.functional.Item;
import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Mutiny returns: {@code Uni} caches its item, {@code Multi} its items as a list. The same promises as
 * for Reactor: lazy, one request per load however many subscribe, errors and {@code null} items
 * (without {@code cacheNulls}) not cached, one subscriber's cancellation failing no other.
 */
class MutinyBehaviourTest {

  private final MutinyServer server = new MutinyServer();
  private final CachedMutinyItems items = CachedMutinyItems.wrap(server);

  private static <T> UniAssertSubscriber<T> subscribe(Uni<T> uni) {
    return uni.subscribe().withSubscriber(UniAssertSubscriber.create());
  }

  private static <T> AssertSubscriber<T> subscribe(Multi<T> multi) {
    return multi.subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
  }

  /** A {@code Uni} the test completes through the returned emitter, noting whether it was cancelled. */
  private static Uni<Item> held(AtomicReference<UniEmitter<? super Item>> emitter, AtomicBoolean cancelled) {
    return Uni.createFrom().<Item>emitter(emitter::set).onCancellation().invoke(() -> cancelled.set(true));
  }

  // ---------------------------------------------------------------- laziness and sharing

  @Test
  void nothingRunsBeforeASubscriptionAndSubscribingAgainSendsNoRequest() {
    server.table.rows.put(7L, "seven");
    Uni<Item> get = items.getItem(7);
    Multi<Item> list = items.listItems("all");
    assertEquals(0, server.calls.get(), "the delegate is not even called before a subscription");
    assertEquals(0, server.requests.get());

    subscribe(get).awaitItem().assertItem(new Item(7, "seven"));
    server.table.rows.put(7L, "changed on the server");
    subscribe(get).awaitItem().assertItem(new Item(7, "seven")); // the same Uni
    subscribe(items.getItem(7)).awaitItem().assertItem(new Item(7, "seven")); // a new call
    assertEquals(new Item(7, "seven"), items.getItem(7).await().indefinitely());
    assertEquals(1, server.requests.get());
    assertEquals(1, server.calls.get());

    subscribe(list).awaitCompletion().assertItems(new Item(7, "changed on the server"));
    subscribe(list).awaitCompletion().assertItems(new Item(7, "changed on the server"));
    subscribe(items.listItems("all")).awaitCompletion().assertItems(new Item(7, "changed on the server"));
    assertEquals(2, server.requests.get());
  }

  @Test
  void subscribersArrivingWhileAUniLoadsShareItsOneRequest() {
    AtomicReference<UniEmitter<? super Item>> emitter = new AtomicReference<>();
    server.nextUni.add(held(emitter, new AtomicBoolean()));
    Uni<Item> get = items.getItem(1);
    UniAssertSubscriber<Item> first = subscribe(get);
    UniAssertSubscriber<Item> second = subscribe(get);
    UniAssertSubscriber<Item> third = subscribe(items.getItem(1));
    assertEquals(1, server.requests.get());
    first.assertNotTerminated();
    second.assertNotTerminated();
    third.assertNotTerminated();

    Item late = new Item(1, "late");
    emitter.get().complete(late);
    for (UniAssertSubscriber<Item> subscriber : List.of(first, second, third)) {
      subscriber.awaitItem().assertItem(late);
      assertSame(late, subscriber.getItem());
    }
    subscribe(items.getItem(1)).awaitItem().assertItem(late);
    assertEquals(1, server.requests.get());
  }

  @Test
  void subscribersArrivingWhileAMultiLoadsShareItsOneSubscription() {
    // A unicast processor refuses a second subscriber: the delegate's Multi is subscribed exactly once.
    UnicastProcessor<Item> response = UnicastProcessor.create();
    server.nextMulti.add(response);
    AssertSubscriber<Item> first = subscribe(items.listItems("a"));
    AssertSubscriber<Item> second = subscribe(items.listItems("a"));
    response.onNext(new Item(1, "a"));
    AssertSubscriber<Item> third = subscribe(items.listItems("a"));
    response.onNext(new Item(2, "b"));
    first.assertHasNotReceivedAnyItem().assertNotTerminated();
    response.onComplete();

    for (AssertSubscriber<Item> subscriber : List.of(first, second, third, subscribe(items.listItems("a")))) {
      subscriber.awaitCompletion().assertItems(new Item(1, "a"), new Item(2, "b"));
    }
    assertEquals(1, server.requests.get());
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aFailureReachesEverySubscriberOfTheLoadAsItIsAndIsNotCached() {
    IllegalStateException failure = new IllegalStateException("502 from upstream");
    AtomicReference<UniEmitter<? super Item>> emitter = new AtomicReference<>();
    server.nextUni.add(held(emitter, new AtomicBoolean()));
    UniAssertSubscriber<Item> starter = subscribe(items.getItem(1));
    UniAssertSubscriber<Item> joiner = subscribe(items.getItem(1));
    emitter.get().fail(failure);
    assertSame(failure, starter.awaitFailure().getFailure());
    assertSame(failure, joiner.awaitFailure().getFailure());
    assertEquals(1, server.requests.get());

    server.table.rows.put(1L, "one");
    subscribe(items.getItem(1)).awaitItem().assertItem(new Item(1, "one"));
    subscribe(items.getItem(1)).awaitItem().assertItem(new Item(1, "one"));
    assertEquals(2, server.requests.get(), "the failure was not cached, the success was");
    assertEquals(1, items.stats().loadFailures());
  }

  @Test
  void aMultiFailingAfterSomeItemsIsNotCachedAndPassesOnOnlyTheFailure() {
    IllegalStateException failure = new IllegalStateException("connection reset");
    server.nextMulti.add(
        Multi.createBy()
            .concatenating()
            .streams(Multi.createFrom().items(new Item(1, "a"), new Item(2, "b")), Multi.createFrom().failure(failure)));
    AssertSubscriber<Item> first = subscribe(items.listItems("a"));
    assertSame(failure, first.awaitFailure().assertFailedWith(IllegalStateException.class).getFailure());
    first.assertHasNotReceivedAnyItem();

    server.table.rows.put(3L, "c");
    subscribe(items.listItems("a")).awaitCompletion().assertItems(new Item(3, "c"));
    subscribe(items.listItems("a")).awaitCompletion().assertItems(new Item(3, "c"));
    assertEquals(2, server.requests.get());
  }

  @Test
  void aDelegateThrowingInsteadOfReturningAUniFailsTheSubscriptionNotTheCall() {
    IllegalStateException failure = new IllegalStateException("no connection");
    server.throwOnCall = failure;
    Uni<Item> get = items.getItem(1); // the delegate is only called on subscription
    assertEquals(0, server.calls.get());

    assertSame(failure, subscribe(get).awaitFailure().getFailure());
    assertEquals(1, server.calls.get());

    server.table.rows.put(1L, "one");
    subscribe(get).awaitItem().assertItem(new Item(1, "one")); // the key is not stuck
    assertEquals(2, server.calls.get());
  }

  @Test
  void aWriteWhoseDelegateThrowsThrowsAtTheCallAsTheDelegateWouldAndInvalidatesNothing() {
    server.table.rows.put(1L, "one");
    subscribe(items.getItem(1)).awaitItem().assertItem(new Item(1, "one"));
    IllegalStateException failure = new IllegalStateException("no connection");
    server.throwOnWriteCall = failure;
    assertSame(failure, assertThrows(IllegalStateException.class, () -> items.deleteItem(1)));
    assertEquals(0, items.stats().invalidations());
    subscribe(items.getItem(1)).awaitItem().assertItem(new Item(1, "one"));
    assertEquals(1, server.requests.get());
  }

  // ---------------------------------------------------------------- null items and empties

  @Test
  void aNullItemIsNotCachedWithoutCacheNulls() {
    subscribe(items.findByName("nobody")).awaitItem().assertItem(null);
    subscribe(items.findByName("nobody")).awaitItem().assertItem(null);
    assertEquals(2, server.requests.get());
    server.table.rows.put(5L, "nobody");
    subscribe(items.findByName("nobody")).awaitItem().assertItem(new Item(5, "nobody"));
  }

  @Test
  void aNullItemIsCachedAsNullWithCacheNulls() {
    Uni<Item> fetch = items.fetchByName("nobody");
    subscribe(fetch).awaitItem().assertItem(null);
    server.table.rows.put(5L, "nobody");
    subscribe(fetch).awaitItem().assertItem(null);
    assertNull(items.fetchByName("nobody").await().indefinitely());
    assertEquals(1, server.requests.get(), "the null item was cached");
  }

  @Test
  void anEmptyMultiIsCachedAsAnEmptyList() {
    server.nextMulti.add(Multi.createFrom().empty());
    subscribe(items.listItems("nothing")).awaitCompletion().assertHasNotReceivedAnyItem();
    server.table.rows.put(1L, "one");
    subscribe(items.listItems("nothing")).awaitCompletion().assertHasNotReceivedAnyItem();
    assertEquals(1, server.requests.get());
  }

  @Test
  void multiItemsAreReplayedInOrderWithBackpressure() {
    List<Item> expected = IntStream.rangeClosed(1, 50).mapToObj(i -> new Item(i, "n" + i)).toList();
    server.nextMulti.add(Multi.createFrom().iterable(expected));
    assertEquals(expected, subscribe(items.listItems("many")).awaitCompletion().getItems());
    assertEquals(expected, items.listItems("many").collect().asList().await().indefinitely());

    AssertSubscriber<Item> slow = items.listItems("many").subscribe().withSubscriber(AssertSubscriber.create(0));
    slow.assertHasNotReceivedAnyItem();
    slow.request(1);
    assertEquals(expected.subList(0, 1), slow.getItems());
    slow.request(2);
    assertEquals(expected.subList(0, 3), slow.getItems());
    slow.cancel();
    assertEquals(1, server.requests.get());
  }

  // ---------------------------------------------------------------- cancellation

  @Test
  void theSubscriberThatStartedTheLoadCancellingFailsNoOther() {
    AtomicReference<UniEmitter<? super Item>> emitter = new AtomicReference<>();
    AtomicBoolean requestCancelled = new AtomicBoolean();
    server.nextUni.add(held(emitter, requestCancelled));
    UniAssertSubscriber<Item> starter = subscribe(items.getItem(1));
    UniAssertSubscriber<Item> joiner = subscribe(items.getItem(1));
    starter.cancel();
    assertFalse(requestCancelled.get(), "the request is shared: one subscriber may not cancel it");

    Item value = new Item(1, "value");
    emitter.get().complete(value);
    joiner.awaitItem().assertItem(value);
    starter.assertNotTerminated();
    subscribe(items.getItem(1)).awaitItem().assertItem(value);
    assertEquals(1, server.requests.get());
  }

  @Test
  void aLoadWhoseOnlySubscriberCancelledIsJoinedByTheNextOne() {
    AtomicReference<UniEmitter<? super Item>> emitter = new AtomicReference<>();
    server.nextUni.add(held(emitter, new AtomicBoolean()));
    AtomicBoolean heard = new AtomicBoolean();
    Cancellable only = items.getItem(1).subscribe().with(item -> heard.set(true), failure -> heard.set(true));
    only.cancel();
    UniAssertSubscriber<Item> later = subscribe(items.getItem(1));
    assertEquals(1, server.requests.get());

    Item value = new Item(1, "value");
    emitter.get().complete(value);
    later.awaitItem().assertItem(value);
    assertFalse(heard.get());
    assertEquals(1, server.requests.get());
  }

  @Test
  void aMultiSubscriberCancellingWhileItemsArriveFailsNoOther() {
    UnicastProcessor<Item> response = UnicastProcessor.create();
    server.nextMulti.add(response);
    AssertSubscriber<Item> starter = subscribe(items.listItems("a"));
    AssertSubscriber<Item> joiner = subscribe(items.listItems("a"));
    response.onNext(new Item(1, "a"));
    starter.cancel();
    response.onNext(new Item(2, "b"));
    response.onComplete();
    joiner.awaitCompletion().assertItems(new Item(1, "a"), new Item(2, "b"));
    starter.assertHasNotReceivedAnyItem().assertNotTerminated();
    assertEquals(1, server.requests.get());
  }

  // ---------------------------------------------------------------- context

  @Test
  void theLoadRunsWithTheContextOfTheSubscriberThatStartedIt() {
    // Without the proxy the delegate's Uni sees its subscriber's context; through it, the same.
    server.nextUni.add(
        Uni.createFrom().context(context -> Uni.createFrom().item(new Item(1, context.getOrElse("tenant", () -> "no context")))));
    items.getItem(1)
        .subscribe()
        .withSubscriber(UniAssertSubscriber.<Item>create(Context.of("tenant", "acme")))
        .awaitItem().assertItem(new Item(1, "acme"));
    // The context is not part of the key: another subscriber gets the item loaded for the first.
    items.getItem(1)
        .subscribe()
        .withSubscriber(UniAssertSubscriber.<Item>create(Context.of("tenant", "globex")))
        .awaitItem().assertItem(new Item(1, "acme"));

    server.nextMulti.add(
        Multi.createFrom()
            .context(context -> Multi.createFrom().item(new Item(2, context.getOrElse("tenant", () -> "no context")))));
    items.listItems("b")
        .subscribe()
        .withSubscriber(AssertSubscriber.<Item>create(Context.of("tenant", "initech"), Long.MAX_VALUE))
        .awaitCompletion()
        .assertItems(new Item(2, "initech"));
    assertEquals(2, server.requests.get());
  }

  // ---------------------------------------------------------------- writes

  @Test
  void aDeleteInvalidatesWhenItCompletesNotWhenItIsReturned() {
    server.table.rows.put(7L, "seven");
    subscribe(items.getItem(7)).awaitItem().assertItem(new Item(7, "seven"));
    Uni<Void> delete = items.deleteItem(7);
    assertEquals(0, server.table.writes.get());
    subscribe(items.getItem(7)).awaitItem().assertItem(new Item(7, "seven"));
    delete.await().indefinitely();
    subscribe(items.getItem(7)).awaitItem().assertItem(new Item(7, ItemTable.NONE));
    assertEquals(2, server.requests.get());
  }

  // ---------------------------------------------------------------- a text backend

  @Test
  void overATextBackendValuesAreStoredNotPublishersAndLoadsAreShared() {
    RecordingCache cache = new RecordingCache();
    MutinyItems overText = CachedMutinyItems.wrap(server, cache);
    AtomicReference<UniEmitter<? super Item>> emitter = new AtomicReference<>();
    server.nextUni.add(held(emitter, new AtomicBoolean()));
    UniAssertSubscriber<Item> first = subscribe(overText.getItem(1));
    UniAssertSubscriber<Item> second = subscribe(overText.getItem(1));
    Item value = new Item(1, "value");
    emitter.get().complete(value);
    // Waits (10 s at most) for the items: delivery need not be on the emitting thread.
    first.awaitItem().assertItem(value);
    second.awaitItem().assertItem(value);
    subscribe(overText.getItem(1)).awaitItem().assertItem(value);
    assertEquals(1, server.requests.get());

    UnicastProcessor<Item> response = UnicastProcessor.create();
    server.nextMulti.add(response);
    AssertSubscriber<Item> third = subscribe(overText.listItems("a"));
    AssertSubscriber<Item> fourth = subscribe(overText.listItems("a"));
    response.onNext(new Item(2, "a"));
    response.onNext(new Item(3, "b"));
    response.onComplete();
    List<Item> elements = List.of(new Item(2, "a"), new Item(3, "b"));
    assertEquals(elements, third.awaitCompletion().getItems());
    assertEquals(elements, fourth.awaitCompletion().getItems());
    assertEquals(elements, subscribe(overText.listItems("a")).awaitCompletion().getItems());
    assertEquals(2, server.requests.get());

    assertEquals(List.of(value, elements), cache.stored, "the values were stored, once each");
  }
}
