package dev.lightcache.samples.reactive;

import dev.lightcache.samples.quickstart.Product;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import java.io.PrintStream;
import java.util.List;

/**
 * RxJava 3: a cached {@link RxJavaProductService} sends one request however often its {@code Single} is
 * subscribed, and its {@code Completable} delete invalidates when it completes, not when it is returned.
 * Run it with {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.lightcache.samples.reactive.RxJavaSample}.
 */
public final class RxJavaSample {

  private RxJavaSample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the sample.
   *
   * @param out where to print
   * @return the server, with its request count
   */
  public static ProductServer run(PrintStream out) {
    ProductServer server = new ProductServer(12);
    // tag::wrap[]
    RxJavaProductService products = CachedRxJavaProductService.wrap(new FakeService(server));

    Single<Product> product = products.get(7);  // lazy: nothing is sent yet
    product.blockingGet();                      // miss: one request
    product.blockingGet();                      // hit
    products.get(7).blockingGet();              // hit
    // end::wrap[]
    out.println("get(7) subscribed 3 times: " + product.blockingGet() + ", requests=" + server.requests());

    // tag::delete[]
    List<Product> page = products.list(0).blockingGet();    // miss
    Completable delete = products.delete(3);                // nothing sent, nothing invalidated
    products.list(0).blockingGet();                         // hit
    delete.blockingAwait();                                 // DELETE sent, then invalidated
    List<Product> after = products.list(0).blockingGet();   // miss
    // end::delete[]
    out.println("list(0): " + ids(page) + "; after delete(3): " + ids(after)
        + ", requests=" + server.requests());
    return server;
  }

  private static List<Long> ids(List<Product> products) {
    return products.stream().map(Product::id).toList();
  }

  /** What Retrofit's RxJava 3 adapter does, without HTTP: each subscription sends one request. */
  public static class FakeService implements RxJavaProductService {
    private final ProductServer server;

    /**
     * A service of {@code server}.
     *
     * @param server the server
     */
    public FakeService(ProductServer server) {
      this.server = server;
    }

    @Override
    public Single<Product> get(long id) {
      return Single.fromCallable(() -> server.find(id));
    }

    @Override
    public Single<List<Product>> list(int page) {
      return Single.fromCallable(() -> server.page(page));
    }

    @Override
    public Completable delete(long id) {
      return Completable.fromAction(() -> server.remove(id));
    }
  }
}
