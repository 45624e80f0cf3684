package dev.lightcache.samples.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.samples.quickstart.Product;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Mutiny sample, and the behaviour it shows, on the generated {@code CachedMutinyProductClient}. */
class MutinySampleTest {

  private final ProductServer server = new ProductServer(12);
  private final MutinyProductClient products =
      CachedMutinyProductClient.wrap(new MutinySample.FakeClient(server));

  @Test
  void theSamplePrintsOneRequestPerLoad() {
    SampleOutput run = SampleOutput.of(MutinySample::run);
    assertTrue(
        run.printed("get(7) subscribed 3 times: Product[id=7, name=product-7, priceCents=700], requests=1"),
        run.text());
    assertTrue(run.printed("list(0): [1, 2, 3, 4, 5]; after delete(3): [1, 2, 4, 5, 6], requests=4"), run.text());
    assertEquals(4, run.server().requests());
  }

  @Test
  void nothingIsSentBeforeASubscriptionAndSeveralSubscriptionsSendOneRequest() {
    Uni<Product> product = products.get(7);
    assertEquals(0, server.requests(), "the Uni is lazy");
    Product first = product.await().indefinitely();
    assertEquals(new Product(7, "product-7", 700), first);
    assertSame(first, product.await().indefinitely());
    assertSame(first, products.get(7).await().indefinitely());
    assertEquals(1, server.requests());
  }

  @Test
  void errorsAreNeverCached() {
    assertThrows(NoSuchElementException.class, () -> products.get(99).await().indefinitely());
    assertThrows(NoSuchElementException.class, () -> products.get(99).await().indefinitely());
    assertEquals(2, server.requests());
  }

  @Test
  void aNullItemIsNotCachedWithoutCacheNulls() {
    AtomicInteger requests = new AtomicInteger();
    MutinyProductClient client =
        CachedMutinyProductClient.wrap(
            new MutinySample.FakeClient(server) {
              @Override
              public Uni<Product> get(long id) {
                return Uni.createFrom().item(() -> {
                  requests.incrementAndGet();
                  return null;
                });
              }
            });
    assertNull(client.get(1).await().indefinitely());
    assertNull(client.get(1).await().indefinitely());
    assertEquals(2, requests.get());
  }

  @Test
  void theDeleteInvalidatesWhenItCompletesNotWhenItIsReturned() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(products.list(0)));
    Uni<Void> delete = products.delete(3);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(products.list(0)), "returned, not run: still a hit");
    assertEquals(1, server.requests());
    delete.await().indefinitely();
    assertEquals(2, server.requests(), "the DELETE was sent");
    assertEquals(List.of(1L, 2L, 4L, 5L, 6L), ids(products.list(0)), "a miss after it completed");
    assertEquals(3, server.requests());
  }

  @Test
  void aDeleteWhoseSubscriberCancelsStillInvalidates() {
    MutinyProductClient client =
        CachedMutinyProductClient.wrap(
            new MutinySample.FakeClient(server) {
              @Override
              public Uni<Void> delete(long id) {
                return Uni.createFrom().nothing(); // sent; the answer never comes
              }
            });
    client.list(0).await().indefinitely();
    Cancellable subscription = client.delete(3).subscribe().with(ignored -> {});
    client.list(0).await().indefinitely();
    assertEquals(1, server.requests(), "still a hit while the delete runs");
    subscription.cancel();
    client.list(0).await().indefinitely();
    assertEquals(2, server.requests(), "invalidated on cancel");
  }

  private static List<Long> ids(Uni<List<Product>> products) {
    return products.await().indefinitely().stream().map(Product::id).toList();
  }
}
