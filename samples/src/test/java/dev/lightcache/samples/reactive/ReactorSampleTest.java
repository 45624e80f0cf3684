package dev.lightcache.samples.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.samples.custom.MemoryCache;
import dev.lightcache.samples.quickstart.Product;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/** The Reactor sample, and the behaviour it shows, on the generated {@code CachedReactorProductClient}. */
class ReactorSampleTest {

  private final ProductServer server = new ProductServer(12);
  private final ReactorProductClient products =
      CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server));

  @Test
  void theSamplePrintsOneRequestPerLoad() {
    SampleOutput run = SampleOutput.of(ReactorSample::run);
    assertTrue(
        run.printed("get(7) subscribed 3 times: Product[id=7, name=product-7, priceCents=700], requests=1"),
        run.text());
    assertTrue(run.printed("list(0) subscribed twice: [1, 2, 3, 4, 5], requests=2"), run.text());
    assertTrue(run.printed("after delete(3), list(0): [1, 2, 4, 5, 6], requests=4"), run.text());
    assertEquals(4, run.server().requests());
  }

  @Test
  void nothingIsSentBeforeASubscriptionAndSeveralSubscriptionsSendOneRequest() {
    Mono<Product> product = products.get(7);
    assertEquals(0, server.requests(), "the Mono is lazy");
    Product first = product.block();
    assertEquals(new Product(7, "product-7", 700), first);
    assertSame(first, product.block());
    assertSame(first, products.get(7).block());
    assertEquals(1, server.requests());
  }

  @Test
  void subscribersThatArriveDuringALoadJoinIt() {
    HeldClient held = new HeldClient(server);
    ReactorProductClient client = CachedReactorProductClient.wrap(held);
    CompletableFuture<Product> first = client.get(7).toFuture();
    CompletableFuture<Product> second = client.get(7).toFuture();
    assertFalse(first.isDone() || second.isDone(), "the load is held");
    assertEquals(1, held.subscriptions.get(), "the second subscriber joined the first's load");
    held.release.complete(null);
    assertEquals(new Product(7, "product-7", 700), first.join());
    assertEquals(first.join(), second.join());
    assertEquals(1, server.requests());
  }

  @Test
  void aCallThatArrivesWhileTheLoadIsBeingStoredJoinsIt() {
    CompletableFuture<Void> storeRelease = new CompletableFuture<>();
    MemoryCache slowStores =
        new MemoryCache() {
          @Override
          public CompletionStage<Void> setAsync(String key, Object value, Duration expiration) {
            return storeRelease.thenRun(() -> set(key, value, expiration));
          }
        };
    ReactorProductClient client = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), slowStores);
    Product first = client.get(7).block(); // the loading subscriber does not wait for the store
    CompletableFuture<Product> second = client.get(7).toFuture();
    assertFalse(second.isDone(), "joined the load, which ends once its value is stored");
    storeRelease.complete(null);
    assertEquals(first, second.join());
    assertEquals(1, server.requests());
  }

  @Test
  void oneSubscriberCancellingFailsNoOther() {
    HeldClient held = new HeldClient(server);
    ReactorProductClient client = CachedReactorProductClient.wrap(held);
    Disposable cancelled = client.get(7).subscribe();
    CompletableFuture<Product> other = client.get(7).toFuture();
    cancelled.dispose();
    held.release.complete(null);
    assertEquals(new Product(7, "product-7", 700), other.join());
    assertEquals(new Product(7, "product-7", 700), client.get(7).block(), "and the value was cached");
    assertEquals(1, held.subscriptions.get());
  }

  @Test
  void errorsAreNeverCached() {
    NoSuchElementException first = assertThrows(NoSuchElementException.class, () -> products.get(99).block());
    NoSuchElementException second = assertThrows(NoSuchElementException.class, () -> products.get(99).block());
    assertEquals("404: no product 99", first.getMessage());
    assertEquals(first.getMessage(), second.getMessage());
    assertEquals(2, server.requests(), "the failed load was not cached");
  }

  @Test
  void anEmptyFluxIsCachedAsAnEmptyList() {
    assertEquals(List.of(), products.list(7).collectList().block());
    assertEquals(List.of(), products.list(7).collectList().block());
    assertEquals(1, server.requests());
  }

  @Test
  void anEmptyMonoIsNotCachedWithoutCacheNulls() {
    AtomicInteger requests = new AtomicInteger();
    ReactorProductClient client =
        CachedReactorProductClient.wrap(
            new ReactorSample.FakeClient(server) {
              @Override
              public Mono<Product> get(long id) {
                return Mono.fromRunnable(requests::incrementAndGet);
              }
            });
    assertNull(client.get(1).block());
    assertNull(client.get(1).block());
    assertEquals(2, requests.get());
  }

  @Test
  void theDeleteInvalidatesWhenItCompletesNotWhenItIsReturned() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(products.list(0)));
    Mono<Void> delete = products.delete(3);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(products.list(0)), "returned, not run: still a hit");
    assertEquals(1, server.requests());
    delete.block();
    assertEquals(2, server.requests(), "the DELETE was sent");
    assertEquals(List.of(1L, 2L, 4L, 5L, 6L), ids(products.list(0)), "a miss after it completed");
    assertEquals(3, server.requests());
  }

  @Test
  void aDeleteWhoseSubscriberCancelsStillInvalidates() {
    ReactorProductClient client =
        CachedReactorProductClient.wrap(
            new ReactorSample.FakeClient(server) {
              @Override
              public Mono<Void> delete(long id) {
                return Mono.never(); // the request was sent; the answer never comes
              }
            });
    client.list(0).collectList().block();
    Disposable subscription = client.delete(3).subscribe();
    client.list(0).collectList().block();
    assertEquals(1, server.requests(), "still a hit while the delete runs");
    subscription.dispose();
    client.list(0).collectList().block();
    assertEquals(2, server.requests(), "the write may have reached the server: invalidated on cancel");
  }

  @Test
  void theContextOfTheSubscriberThatStartsALoadReachesTheDelegate() {
    ReactorProductClient client =
        CachedReactorProductClient.wrap(
            new ReactorSample.FakeClient(server) {
              @Override
              public Mono<Product> get(long id) {
                return Mono.deferContextual(
                    context -> Mono.just(new Product(id, context.getOrDefault("tenant", "none"), 0)));
              }
            });
    Product loaded = client.get(1).contextWrite(Context.of("tenant", "acme")).block();
    assertEquals(new Product(1, "acme", 0), loaded);
  }

  private static List<Long> ids(Flux<Product> products) {
    return products.map(Product::id).collectList().block();
  }

  /** A client whose {@code get} answers only once {@link #release} completes. */
  static final class HeldClient extends ReactorSample.FakeClient {
    final CompletableFuture<Void> release = new CompletableFuture<>();
    final AtomicInteger subscriptions = new AtomicInteger();
    private final ProductServer server;

    HeldClient(ProductServer server) {
      super(server);
      this.server = server;
    }

    @Override
    public Mono<Product> get(long id) {
      return Mono.defer(
          () -> {
            subscriptions.incrementAndGet();
            return Mono.fromFuture(release, true).then(Mono.fromCallable(() -> server.find(id)));
          });
    }
  }
}
