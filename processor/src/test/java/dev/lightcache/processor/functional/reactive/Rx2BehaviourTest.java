package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.processor.functional.Item;
import io.reactivex.Completable;
import io.reactivex.Flowable;
import io.reactivex.Maybe;
import io.reactivex.Observable;
import io.reactivex.Single;
import io.reactivex.observers.TestObserver;
import io.reactivex.plugins.RxJavaPlugins;
import io.reactivex.processors.PublishProcessor;
import io.reactivex.subjects.CompletableSubject;
import io.reactivex.subjects.PublishSubject;
import io.reactivex.subjects.SingleSubject;
import io.reactivex.subscribers.TestSubscriber;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RxJava 2 returns through a generated proxy: values are cached, loads are shared by every subscriber,
 * errors are not cached, and writes invalidate only once they have happened.
 */
class Rx2BehaviourTest {

  /**
   * Counts subscriptions to the publishers it returns: each is one request of a real Retrofit client.
   * A publisher put in one of the fields is what the next subscriptions get instead of an answer at once.
   */
  static class Server implements Rx2Items {
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** The version of the stored data: a write bumps it when it completes. */
    final AtomicInteger version = new AtomicInteger(1);

    volatile Single<Item> item;
    volatile Flowable<Item> inCategory;
    volatile Observable<Item> matching;
    volatile Completable discard;
    volatile Single<Item> overwrite;

    int requests(String method) {
      return requests.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    private void request(String method) {
      requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    Item current(long id) {
      return new Item(id, "v" + version.get());
    }

    @Override
    public Single<Item> item(long id) {
      return Single.defer(() -> {
        request("item");
        Single<Item> next = item;
        return next != null ? next : Single.just(current(id));
      });
    }

    @Override
    public Maybe<Item> byName(String name) {
      return Maybe.defer(() -> {
        request("byName");
        return name.equals("nobody") ? Maybe.empty() : Maybe.just(new Item(1, name));
      });
    }

    @Override
    public Maybe<Item> lookup(String name) {
      return Maybe.defer(() -> {
        request("lookup");
        return name.equals("nobody") ? Maybe.empty() : Maybe.just(new Item(1, name));
      });
    }

    @Override
    public Flowable<Item> inCategory(String category) {
      return Flowable.defer(() -> {
        request("inCategory");
        Flowable<Item> next = inCategory;
        return next != null
            ? next
            : Flowable.just(new Item(3, category), new Item(1, category), new Item(2, category));
      });
    }

    @Override
    public Observable<Item> matching(String query) {
      return Observable.defer(() -> {
        request("matching");
        Observable<Item> next = matching;
        return next != null
            ? next
            : Observable.just(new Item(9, query), new Item(4, query), new Item(7, query));
      });
    }

    @Override
    public Completable discard(long id) {
      return Completable.defer(() -> {
        request("discard");
        Completable next = discard;
        return next != null ? next : Completable.fromAction(version::incrementAndGet);
      });
    }

    @Override
    public Single<Item> overwrite(long id, Item replacement) {
      return Single.defer(() -> {
        request("overwrite");
        Single<Item> next = overwrite;
        return next != null
            ? next
            : Single.fromCallable(() -> {
              version.incrementAndGet();
              return replacement;
            });
      });
    }
  }

  private final Server server = new Server();
  private final Rx2Items items = CachedRx2Items.wrap(server);
  /** Errors RxJava could deliver to no one: a disposed subscriber that was still signalled. */
  private final List<Throwable> undeliverable = new CopyOnWriteArrayList<>();

  @BeforeEach
  void captureUndeliverableErrors() {
    RxJavaPlugins.setErrorHandler(undeliverable::add);
  }

  @AfterEach
  void resetPlugins() {
    RxJavaPlugins.reset();
  }

  // ------------------------------------------------------------------ one request per load

  @Test
  void aSingleIsLazyAndSubscribingSeveralTimesSendsOneRequest() {
    Single<Item> item = items.item(7);
    assertEquals(0, server.requests("item"), "nothing runs before a subscription");
    item.test().assertResult(new Item(7, "v1"));
    item.test().assertResult(new Item(7, "v1"));
    items.item(7).test().assertResult(new Item(7, "v1"));
    assertEquals(1, server.requests("item"));
    items.item(8).test().assertResult(new Item(8, "v1"));
    assertEquals(2, server.requests("item"), "another key is another request");
  }

  @Test
  void aMaybeValueIsCached() {
    Maybe<Item> byName = items.byName("anna");
    assertEquals(0, server.requests("byName"), "nothing runs before a subscription");
    byName.test().assertResult(new Item(1, "anna"));
    byName.test().assertResult(new Item(1, "anna"));
    items.byName("anna").test().assertResult(new Item(1, "anna"));
    assertEquals(1, server.requests("byName"));
  }

  @Test
  void anEmptyMaybeIsCachedOnlyWithCacheNulls() {
    items.byName("nobody").test().assertResult();
    items.byName("nobody").test().assertResult();
    assertEquals(2, server.requests("byName"), "without cacheNulls an empty Maybe is not cached");

    items.lookup("nobody").test().assertResult();
    items.lookup("nobody").test().assertResult();
    items.lookup("nobody").test().assertResult();
    assertEquals(1, server.requests("lookup"), "with cacheNulls the empty Maybe is cached");
  }

  @Test
  void aFlowableIsReplayedInOrderFromOneRequest() {
    Flowable<Item> flowable = items.inCategory("tools");
    assertEquals(0, server.requests("inCategory"), "nothing runs before a subscription");
    List<Item> expected = List.of(new Item(3, "tools"), new Item(1, "tools"), new Item(2, "tools"));
    flowable.test().assertValueSequence(expected).assertComplete();
    flowable.test().assertValueSequence(expected).assertComplete();
    items.inCategory("tools").test().assertValueSequence(expected).assertComplete();
    assertEquals(1, server.requests("inCategory"));
  }

  @Test
  void aFlowableReplaysToASubscriberThatRequestsOneAtATime() {
    List<Item> expected = List.of(new Item(3, "tools"), new Item(1, "tools"), new Item(2, "tools"));
    items.inCategory("tools").test().assertValueSequence(expected);
    TestSubscriber<Item> slow = items.inCategory("tools").test(0);
    slow.assertNoValues();
    slow.requestMore(1);
    slow.assertValuesOnly(new Item(3, "tools"));
    slow.requestMore(2);
    slow.assertResult(expected.toArray(new Item[0]));
    assertEquals(1, server.requests("inCategory"));
  }

  @Test
  void anObservableIsReplayedInOrderFromOneRequest() {
    Observable<Item> observable = items.matching("blue");
    assertEquals(0, server.requests("matching"), "nothing runs before a subscription");
    List<Item> expected = List.of(new Item(9, "blue"), new Item(4, "blue"), new Item(7, "blue"));
    observable.test().assertValueSequence(expected).assertComplete();
    observable.test().assertValueSequence(expected).assertComplete();
    items.matching("blue").test().assertValueSequence(expected).assertComplete();
    assertEquals(1, server.requests("matching"));
  }

  // ------------------------------------------------------------------ loads in flight

  @Test
  void subscribersOnSeveralThreadsJoinTheLoadInFlight() throws Exception {
    SingleSubject<Item> answer = SingleSubject.create();
    server.item = answer;
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<TestObserver<Item>>> subscribed = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        subscribed.add(pool.submit(() -> {
          start.await();
          return items.item(1).test();
        }));
      }
      start.countDown();
      List<TestObserver<Item>> observers = new ArrayList<>();
      for (Future<TestObserver<Item>> future : subscribed) {
        observers.add(future.get(10, TimeUnit.SECONDS));
      }
      assertEquals(1, server.requests("item"), "one request for every subscriber of the load in flight");
      assertTrue(answer.hasObservers());
      for (TestObserver<Item> observer : observers) {
        observer.assertEmpty();
      }
      answer.onSuccess(new Item(1, "late"));
      for (TestObserver<Item> observer : observers) {
        observer.awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(1, "late"));
      }
    } finally {
      pool.shutdownNow();
    }
    server.item = null;
    items.item(1).test().assertResult(new Item(1, "late"));
    assertEquals(1, server.requests("item"), "the loaded value was stored");
  }

  @Test
  void subscribersOfAFlowableInFlightGetTheWholeListOnce() {
    PublishProcessor<Item> answer = PublishProcessor.create();
    server.inCategory = answer;
    TestSubscriber<Item> first = items.inCategory("tools").test();
    TestSubscriber<Item> second = items.inCategory("tools").test();
    assertEquals(1, server.requests("inCategory"));
    answer.onNext(new Item(2, "b"));
    answer.onNext(new Item(1, "a"));
    first.assertEmpty();
    answer.onComplete();
    first.awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(2, "b"), new Item(1, "a"));
    second.awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(2, "b"), new Item(1, "a"));
    server.inCategory = null;
    items.inCategory("tools").test().assertResult(new Item(2, "b"), new Item(1, "a"));
    assertEquals(1, server.requests("inCategory"));
  }

  // ------------------------------------------------------------------ errors

  @Test
  void anErrorIsNotCachedAndEveryJoinedSubscriberGetsTheDelegatesException() {
    SingleSubject<Item> answer = SingleSubject.create();
    server.item = answer;
    TestObserver<Item> first = items.item(1).test();
    TestObserver<Item> joined = items.item(1).test();
    TestObserver<Item> alsoJoined = items.item(1).test();
    assertEquals(1, server.requests("item"));
    IOException failure = new IOException("connection reset");
    answer.onError(failure);
    first.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
    joined.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
    alsoJoined.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();

    server.item = null;
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(2, server.requests("item"), "the error was not cached");
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(2, server.requests("item"));
    assertEquals(List.of(), undeliverable);
  }

  @Test
  void anErrorOfAFlowableIsNotCachedAndReachesEverySubscriber() {
    PublishProcessor<Item> answer = PublishProcessor.create();
    server.inCategory = answer;
    TestSubscriber<Item> first = items.inCategory("tools").test();
    TestSubscriber<Item> joined = items.inCategory("tools").test();
    IllegalStateException failure = new IllegalStateException("HTTP 503");
    answer.onNext(new Item(1, "a"));
    answer.onError(failure);
    first.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
    joined.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
    server.inCategory = null;
    items.inCategory("tools").test().assertValueCount(3).assertComplete();
    assertEquals(2, server.requests("inCategory"));
  }

  @Test
  void anErrorOfAnObservableIsNotCachedAndReachesEverySubscriber() {
    PublishSubject<Item> answer = PublishSubject.create();
    server.matching = answer;
    TestObserver<Item> first = items.matching("blue").test();
    TestObserver<Item> joined = items.matching("blue").test();
    IOException failure = new IOException("timeout");
    answer.onError(failure);
    first.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
    joined.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
    server.matching = null;
    items.matching("blue").test().assertValueCount(3).assertComplete();
    assertEquals(2, server.requests("matching"));
  }

  @Test
  void aDelegateThatThrowsInsteadOfReturningASingleFailsTheSubscriberOnly() {
    Rx2Items throwing = CachedRx2Items.wrap(new Server() {
      @Override
      public Single<Item> item(long id) {
        throw new IllegalArgumentException("bad id " + id);
      }
    });
    Single<Item> item = throwing.item(-1);
    item.test().assertError(e -> e instanceof IllegalArgumentException && e.getMessage().equals("bad id -1"));
  }

  // ------------------------------------------------------------------ disposal

  @Test
  void disposingTheFirstSubscriberFailsNoOther() {
    SingleSubject<Item> answer = SingleSubject.create();
    server.item = answer;
    TestObserver<Item> first = items.item(1).test();
    TestObserver<Item> second = items.item(1).test();
    first.dispose();
    assertTrue(answer.hasObservers(), "the load goes on for the other subscribers");
    answer.onSuccess(new Item(1, "late"));
    second.awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(1, "late"));
    first.assertEmpty();
    server.item = null;
    items.item(1).test().assertResult(new Item(1, "late"));
    assertEquals(1, server.requests("item"), "the load completed and was stored");
    assertEquals(List.of(), undeliverable);
  }

  @Test
  void disposingTheFirstSubscriberThenAnErrorReachesOnlyTheOthers() {
    SingleSubject<Item> answer = SingleSubject.create();
    server.item = answer;
    TestObserver<Item> first = items.item(1).test();
    TestObserver<Item> second = items.item(1).test();
    first.dispose();
    IOException failure = new IOException("connection reset");
    answer.onError(failure);
    second.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
    first.assertEmpty();
    assertEquals(List.of(), undeliverable, "a disposed subscriber's error is not undeliverable");
  }

  @Test
  void cancellingTheFirstSubscriberOfAFlowableFailsNoOther() {
    PublishProcessor<Item> answer = PublishProcessor.create();
    server.inCategory = answer;
    TestSubscriber<Item> first = items.inCategory("tools").test();
    TestSubscriber<Item> second = items.inCategory("tools").test();
    first.cancel();
    assertTrue(answer.hasSubscribers(), "the load goes on for the other subscribers");
    answer.onNext(new Item(1, "a"));
    answer.onComplete();
    second.awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(1, "a"));
    first.assertEmpty();
    server.inCategory = null;
    items.inCategory("tools").test().assertResult(new Item(1, "a"));
    assertEquals(1, server.requests("inCategory"));
    assertEquals(List.of(), undeliverable);
  }

  // ------------------------------------------------------------------ writes

  @Test
  void aCompletableInvalidatesOnlyOnceSubscribedAndCompleted() {
    items.item(1).test().assertResult(new Item(1, "v1"));
    Completable discard = items.discard(1);
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(0, server.requests("discard"), "not subscribed: no request");
    assertEquals(1, server.requests("item"), "not invalidated before a subscription");

    CompletableSubject done = CompletableSubject.create();
    server.discard = done.doOnComplete(server.version::incrementAndGet);
    TestObserver<Void> write = discard.test();
    assertEquals(1, server.requests("discard"));
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"), "not invalidated before the write completes");

    done.onComplete();
    write.assertComplete();
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(2, server.requests("item"), "invalidated once the write completed");
  }

  @Test
  void aSingleWriteInvalidatesOnlyOnceSubscribedAndSucceeded() {
    items.item(1).test().assertResult(new Item(1, "v1"));
    Single<Item> overwrite = items.overwrite(1, new Item(1, "new"));
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"), "not invalidated before a subscription");

    SingleSubject<Item> done = SingleSubject.create();
    server.overwrite = done.doOnSuccess(value -> server.version.incrementAndGet());
    TestObserver<Item> write = overwrite.test();
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"), "not invalidated before the write succeeds");

    done.onSuccess(new Item(1, "new"));
    write.assertResult(new Item(1, "new"));
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(2, server.requests("item"));
  }

  @Test
  void aFailedWriteDoesNotInvalidate() {
    items.item(1).test().assertResult(new Item(1, "v1"));
    IOException failure = new IOException("HTTP 409");
    server.overwrite = Single.error(failure);
    items.overwrite(1, new Item(1, "new")).test().assertError(failure).assertNoValues();
    server.discard = Completable.error(failure);
    items.discard(1).test().assertError(failure).assertNoValues();
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"));
  }

  @Test
  void disposingAWriteInFlightInvalidates() {
    items.item(1).test().assertResult(new Item(1, "v1"));
    CompletableSubject done = CompletableSubject.create();
    server.discard = done;
    TestObserver<Void> write = items.discard(1).test();
    items.item(1).test();
    assertEquals(1, server.requests("item"));
    write.dispose();
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(2, server.requests("item"), "the write may have happened: its entries are gone");
  }

  @Test
  void aReadAnsweredBeforeTheWriteCompletesButStoredAfterItIsNotKept() {
    SingleSubject<Item> writeDone = SingleSubject.create();
    server.overwrite = writeDone.doOnSuccess(value -> server.version.incrementAndGet());
    TestObserver<Item> write = items.overwrite(1, new Item(1, "new")).test();

    // A read starts between the write's subscription and its completion: the server answers it from
    // the data before the write, but the answer arrives after the write completed.
    SingleSubject<Item> readAnswer = SingleSubject.create();
    server.item = readAnswer;
    TestObserver<Item> read = items.item(1).test();
    assertEquals(1, server.requests("item"));

    writeDone.onSuccess(new Item(1, "new"));
    write.assertComplete();
    readAnswer.onSuccess(new Item(1, "v1"));
    read.awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(1, "v1"));

    server.item = null;
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(2, server.requests("item"), "the read that predates the write was not stored");
  }

  @Test
  void aReadStoredWhileTheWriteIsInFlightIsInvalidatedWhenTheWriteCompletes() {
    CompletableSubject writeDone = CompletableSubject.create();
    server.discard = writeDone.doOnComplete(server.version::incrementAndGet);
    TestObserver<Void> write = items.discard(1).test();

    items.item(1).test().assertResult(new Item(1, "v1"));
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"), "stored while the write is in flight");

    writeDone.onComplete();
    write.assertComplete();
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(2, server.requests("item"));
    assertFalse(undeliverable.iterator().hasNext());
  }
}
