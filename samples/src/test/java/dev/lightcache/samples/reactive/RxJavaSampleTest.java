package dev.lightcache.samples.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.samples.quickstart.Product;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The RxJava 3 sample, and the behaviour it shows, on the generated {@code CachedRxJavaProductService}. */
class RxJavaSampleTest {

  private final ProductServer server = new ProductServer(12);
  private final RxJavaProductService products =
      CachedRxJavaProductService.wrap(new RxJavaSample.FakeService(server));

  @Test
  void theSamplePrintsOneRequestPerLoad() {
    SampleOutput run = SampleOutput.of(RxJavaSample::run);
    assertTrue(
        run.printed("get(7) subscribed 3 times: Product[id=7, name=product-7, priceCents=700], requests=1"),
        run.text());
    assertTrue(run.printed("list(0): [1, 2, 3, 4, 5]; after delete(3): [1, 2, 4, 5, 6], requests=4"), run.text());
    assertEquals(4, run.server().requests());
  }

  @Test
  void nothingIsSentBeforeASubscriptionAndSeveralSubscriptionsSendOneRequest() {
    Single<Product> product = products.get(7);
    assertEquals(0, server.requests(), "the Single is lazy");
    Product first = product.blockingGet();
    assertEquals(new Product(7, "product-7", 700), first);
    assertSame(first, product.blockingGet());
    assertSame(first, products.get(7).blockingGet());
    assertEquals(1, server.requests());
  }

  @Test
  void errorsAreNeverCached() {
    assertThrows(NoSuchElementException.class, () -> products.get(99).blockingGet());
    assertThrows(NoSuchElementException.class, () -> products.get(99).blockingGet());
    assertEquals(2, server.requests());
  }

  @Test
  void theCompletableInvalidatesWhenItCompletesNotWhenItIsReturned() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(products.list(0)));
    Completable delete = products.delete(3);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(products.list(0)), "returned, not run: still a hit");
    assertEquals(1, server.requests());
    delete.blockingAwait();
    assertEquals(2, server.requests(), "the DELETE was sent");
    assertEquals(List.of(1L, 2L, 4L, 5L, 6L), ids(products.list(0)), "a miss after it completed");
    assertEquals(3, server.requests());
  }

  @Test
  void aDeleteWhoseSubscriberDisposesStillInvalidates() {
    RxJavaProductService client =
        CachedRxJavaProductService.wrap(
            new RxJavaSample.FakeService(server) {
              @Override
              public Completable delete(long id) {
                return Completable.never(); // sent; the answer never comes
              }
            });
    client.list(0).blockingGet();
    Disposable subscription = client.delete(3).subscribe();
    client.list(0).blockingGet();
    assertEquals(1, server.requests(), "still a hit while the delete runs");
    subscription.dispose();
    client.list(0).blockingGet();
    assertEquals(2, server.requests(), "invalidated on dispose");
  }

  private static List<Long> ids(Single<List<Product>> products) {
    return products.blockingGet().stream().map(Product::id).toList();
  }
}
