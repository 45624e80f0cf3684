package dev.lightcache.samples.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.samples.quickstart.Product;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Micronaut sample, and the behaviour it shows, on the generated {@code CachedMicronautProductClient}:
 * a cached {@code Publisher} is collected and replayed through Reactor; a {@code Publisher<Void>} write
 * goes through Lightcache's own Reactive Streams subscriber.
 */
class MicronautSampleTest {

  private final ProductServer server = new ProductServer(12);
  private final MicronautProductClient products =
      CachedMicronautProductClient.wrap(new MicronautSample.FakeClient(server));

  @Test
  void theSamplePrintsOneRequestPerLoad() {
    SampleOutput run = SampleOutput.of(MicronautSample::run);
    assertTrue(
        run.printed("get(7) subscribed 3 times: Product[id=7, name=product-7, priceCents=700], requests=1"),
        run.text());
    assertTrue(run.printed("list(0): [1, 2, 3, 4, 5]; after delete(3): [1, 2, 4, 5, 6], requests=4"), run.text());
    assertEquals(4, run.server().requests());
  }

  @Test
  void aPublisherIsReplayedFromOneRequest() {
    Publisher<Product> product = products.get(7);
    assertEquals(0, server.requests(), "the Publisher is lazy");
    List<Product> first = Flux.from(product).collectList().block();
    assertEquals(List.of(new Product(7, "product-7", 700)), first);
    assertEquals(first, Flux.from(product).collectList().block());
    assertEquals(first, Flux.from(products.get(7)).collectList().block());
    assertEquals(1, server.requests());
  }

  @Test
  void errorsAreNeverCached() {
    assertThrows(NoSuchElementException.class, () -> Mono.from(products.get(99)).block());
    assertThrows(NoSuchElementException.class, () -> Mono.from(products.get(99)).block());
    assertEquals(2, server.requests());
  }

  @Test
  void theDeleteInvalidatesWhenItCompletesNotWhenItIsReturned() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(products.list(0)));
    Publisher<Void> delete = products.delete(3);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(products.list(0)), "returned, not run: still a hit");
    assertEquals(1, server.requests());
    Flux.from(delete).blockLast();
    assertEquals(2, server.requests(), "the DELETE was sent");
    assertEquals(List.of(1L, 2L, 4L, 5L, 6L), ids(products.list(0)), "a miss after it completed");
    assertEquals(3, server.requests());
  }

  @Test
  void aDeleteWhoseSubscriberCancelsStillInvalidates() {
    MicronautProductClient client =
        CachedMicronautProductClient.wrap(
            new MicronautSample.FakeClient(server) {
              @Override
              public Publisher<Void> delete(long id) {
                return Mono.never(); // sent; the answer never comes
              }
            });
    ids(client.list(0));
    Disposable subscription = Flux.from(client.delete(3)).subscribe();
    ids(client.list(0));
    assertEquals(1, server.requests(), "still a hit while the delete runs");
    subscription.dispose();
    ids(client.list(0));
    assertEquals(2, server.requests(), "invalidated on cancel");
  }

  private static List<Long> ids(Publisher<Product> products) {
    return Flux.from(products).map(Product::id).collectList().block();
  }
}
