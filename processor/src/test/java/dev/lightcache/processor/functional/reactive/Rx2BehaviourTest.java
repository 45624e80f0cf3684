package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.processor.functional.Item;
import io.reactivex.Completable;
import io.reactivex.Flowable;
import io.reactivex.Maybe;
import io.reactivex.Observable;
import io.reactivex.Single;
import io.reactivex.observers.BaseTestConsumer;
import io.reactivex.observers.TestObserver;
import io.reactivex.plugins.RxJavaPlugins;
import io.reactivex.processors.PublishProcessor;
import io.reactivex.subjects.CompletableSubject;
import io.reactivex.subjects.MaybeSubject;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    volatile Maybe<Item> amend;
    volatile Flowable<Item> importAll;
    volatile Observable<Item> submit;

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

    @Override
    public Maybe<Item> amend(long id, Item change) {
      return Maybe.defer(() -> {
        request("amend");
        Maybe<Item> next = amend;
        return next != null ? next : Maybe.fromCallable(() -> {
          version.incrementAndGet();
          return change;
        });
      });
    }

    @Override
    public Flowable<Item> importAll(List<Item> imported) {
      return Flowable.defer(() -> {
        request("importAll");
        Flowable<Item> next = importAll;
        return next != null ? next : Flowable.fromIterable(imported).doOnComplete(version::incrementAndGet);
      });
    }

    @Override
    public Observable<Item> submit(List<Item> submitted) {
      return Observable.defer(() -> {
        request("submit");
        Observable<Item> next = submit;
        return next != null ? next : Observable.fromIterable(submitted).doOnComplete(version::incrementAndGet);
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

  /** What a subscriber of a write received, and how it disposes of its subscription. */
  record Subscriber(BaseTestConsumer<?, ?> received, Runnable dispose) {}

  /** A write in flight: the server's answer is held open until the test ends it. */
  record Pending(Supplier<Subscriber> subscribe, Runnable succeed, Consumer<Throwable> fail) {}

  /** A write method of each reactive type. */
  enum Write {
    COMPLETABLE,
    SINGLE,
    MAYBE,
    EMPTY_MAYBE,
    FLOWABLE,
    OBSERVABLE;

    /**
     * Calls the write on the proxy (which sends nothing yet) with the server's answer held open. Ending
     * it successfully first applies the write on the server (the version goes up), then answers.
     */
    Pending call(Server server, Rx2Items items) {
      Item item = new Item(1, "new");
      switch (this) {
        case COMPLETABLE -> {
          CompletableSubject answer = CompletableSubject.create();
          server.discard = answer;
          Completable write = items.discard(1);
          return new Pending(
              () -> {
                TestObserver<Void> observer = write.test();
                return new Subscriber(observer, observer::dispose);
              },
              () -> {
                server.version.incrementAndGet();
                answer.onComplete();
              },
              answer::onError);
        }
        case SINGLE -> {
          SingleSubject<Item> answer = SingleSubject.create();
          server.overwrite = answer;
          Single<Item> write = items.overwrite(1, item);
          return new Pending(
              () -> {
                TestObserver<Item> observer = write.test();
                return new Subscriber(observer, observer::dispose);
              },
              () -> {
                server.version.incrementAndGet();
                answer.onSuccess(item);
              },
              answer::onError);
        }
        case MAYBE, EMPTY_MAYBE -> {
          MaybeSubject<Item> answer = MaybeSubject.create();
          server.amend = answer;
          Maybe<Item> write = items.amend(1, item);
          return new Pending(
              () -> {
                TestObserver<Item> observer = write.test();
                return new Subscriber(observer, observer::dispose);
              },
              () -> {
                server.version.incrementAndGet();
                if (this == MAYBE) {
                  answer.onSuccess(item);
                } else {
                  answer.onComplete();
                }
              },
              answer::onError);
        }
        case FLOWABLE -> {
          PublishProcessor<Item> answer = PublishProcessor.create();
          server.importAll = answer;
          Flowable<Item> write = items.importAll(List.of(item));
          return new Pending(
              () -> {
                TestSubscriber<Item> subscriber = write.test();
                return new Subscriber(subscriber, subscriber::cancel);
              },
              () -> {
                server.version.incrementAndGet();
                answer.onNext(item);
                answer.onComplete();
              },
              answer::onError);
        }
        case OBSERVABLE -> {
          PublishSubject<Item> answer = PublishSubject.create();
          server.submit = answer;
          Observable<Item> write = items.submit(List.of(item));
          return new Pending(
              () -> {
                TestObserver<Item> observer = write.test();
                return new Subscriber(observer, observer::dispose);
              },
              () -> {
                server.version.incrementAndGet();
                answer.onNext(item);
                answer.onComplete();
              },
              answer::onError);
        }
        default -> throw new AssertionError(this);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void aWriteInvalidatesOnlyOnceSubscribedAndCompleted(Write kind) {
    items.item(1).test().assertResult(new Item(1, "v1"));
    Pending write = kind.call(server, items);
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"), "not invalidated before a subscription");

    Subscriber subscriber = write.subscribe().get();
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"), "not invalidated before the write completes");

    write.succeed().run();
    subscriber.received().assertComplete().assertNoErrors();
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(2, server.requests("item"), "invalidated once the write completed");
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void aWriteDisposedAfterItCompletedDoesNotInvalidateAgain(Write kind) {
    Pending write = kind.call(server, items);
    Subscriber subscriber = write.subscribe().get();
    write.succeed().run();
    subscriber.received().assertComplete();
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(1, server.requests("item"));
    long invalidations = ((CachedRx2Items) items).stats().invalidations();

    // Disposing of a subscription that has ended is allowed (a CompositeDisposable cleared when a
    // screen closes does it) and must do nothing: the entry loaded after the write is fresh.
    subscriber.dispose().run();
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(1, server.requests("item"), "a late dispose does not invalidate a second time");
    assertEquals(invalidations, ((CachedRx2Items) items).stats().invalidations());
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void aFailedWriteDoesNotInvalidateEvenWhenDisposedAfterwards(Write kind) {
    items.item(1).test().assertResult(new Item(1, "v1"));
    Pending write = kind.call(server, items);
    Subscriber subscriber = write.subscribe().get();
    IOException failure = new IOException("HTTP 409");
    write.fail().accept(failure);
    subscriber.received().assertError(failure);
    items.item(1).test().assertResult(new Item(1, "v1"));
    subscriber.dispose().run();
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"), "the write failed: nothing to invalidate");
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void disposingAWriteInFlightInvalidates(Write kind) {
    items.item(1).test().assertResult(new Item(1, "v1"));
    Pending write = kind.call(server, items);
    Subscriber subscriber = write.subscribe().get();
    subscriber.dispose().run();
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(2, server.requests("item"), "the write may have happened: its entries are gone");
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void aReadAnsweredBeforeTheWriteCompletesButStoredAfterItIsNotKept(Write kind) {
    Pending write = kind.call(server, items);
    Subscriber subscriber = write.subscribe().get();

    // A read starts between the write's subscription and its completion: the server answers it from
    // the data before the write, but the answer arrives after the write completed.
    SingleSubject<Item> readAnswer = SingleSubject.create();
    server.item = readAnswer;
    TestObserver<Item> read = items.item(1).test();
    assertEquals(1, server.requests("item"));

    write.succeed().run();
    subscriber.received().assertComplete();
    readAnswer.onSuccess(new Item(1, "v1"));
    read.awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(1, "v1"));

    server.item = null;
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(2, server.requests("item"), "the read that predates the write was not stored");
  }

  @ParameterizedTest
  @EnumSource(Write.class)
  void aReadStoredWhileTheWriteIsInFlightIsInvalidatedWhenTheWriteCompletes(Write kind) {
    Pending write = kind.call(server, items);
    Subscriber subscriber = write.subscribe().get();
    items.item(1).test().assertResult(new Item(1, "v1"));
    items.item(1).test().assertResult(new Item(1, "v1"));
    assertEquals(1, server.requests("item"), "stored while the write is in flight");

    write.succeed().run();
    subscriber.received().assertComplete();
    items.item(1).test().assertResult(new Item(1, "v2"));
    assertEquals(2, server.requests("item"));
  }

  @Test
  void writesSubscribedWithoutHoldingAnswersInvalidateToo() {
    items.item(1).test().assertResult(new Item(1, "v1"));
    items.discard(1).test().assertComplete();
    items.item(1).test().assertResult(new Item(1, "v2"));
    items.overwrite(1, new Item(1, "x")).test().assertComplete();
    items.item(1).test().assertResult(new Item(1, "v3"));
    items.amend(1, new Item(1, "x")).test().assertComplete();
    items.item(1).test().assertResult(new Item(1, "v4"));
    items.importAll(List.of(new Item(1, "x"))).test().assertComplete();
    items.item(1).test().assertResult(new Item(1, "v5"));
    items.submit(List.of(new Item(1, "x"))).test().assertComplete();
    items.item(1).test().assertResult(new Item(1, "v6"));
    assertEquals(6, server.requests("item"));
  }

  // ------------------------------------------------------------------ a text backend read on an executor

  @Test
  void onAnExecutorOverATextBackendValuesAreCachedAndErrorsAreTheDelegates() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Rx2Items proxy =
          CachedRx2Items.builder(server).cache(new dev.lightcache.processor.functional.MapCache())
              .executor(executor).build();
      SingleSubject<Item> answer = SingleSubject.create();
      CountDownLatch subscribed = new CountDownLatch(1);
      server.item = answer.doOnSubscribe(d -> subscribed.countDown());
      TestObserver<Item> first = proxy.item(1).test();
      TestObserver<Item> second = proxy.item(1).test();
      // The reads run on the executor: fail the delegate once it was subscribed.
      assertTrue(subscribed.await(10, TimeUnit.SECONDS), "the delegate was subscribed");
      IOException failure = new IOException("connection reset");
      answer.onError(failure);
      first.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
      second.awaitDone(10, TimeUnit.SECONDS).assertError(failure).assertNoValues();
      int failedRequests = server.requests("item");

      server.item = null;
      proxy.item(1).test().awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(1, "v1"));
      proxy.item(1).test().awaitDone(10, TimeUnit.SECONDS).assertResult(new Item(1, "v1"));
      assertEquals(failedRequests + 1, server.requests("item"), "the error was not cached, the value was");
      proxy.inCategory("tools").test().awaitDone(10, TimeUnit.SECONDS)
          .assertResult(new Item(3, "tools"), new Item(1, "tools"), new Item(2, "tools"));
      proxy.inCategory("tools").test().awaitDone(10, TimeUnit.SECONDS)
          .assertResult(new Item(3, "tools"), new Item(1, "tools"), new Item(2, "tools"));
      assertEquals(1, server.requests("inCategory"));
      proxy.lookup("nobody").test().awaitDone(10, TimeUnit.SECONDS).assertResult();
      proxy.lookup("nobody").test().awaitDone(10, TimeUnit.SECONDS).assertResult();
      assertEquals(1, server.requests("lookup"), "the empty Maybe was cached as a null");
    } finally {
      executor.shutdownNow();
    }
    assertEquals(List.of(), undeliverable);
  }
}
