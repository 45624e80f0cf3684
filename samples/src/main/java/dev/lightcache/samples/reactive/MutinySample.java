package dev.lightcache.samples.reactive;

import dev.lightcache.samples.quickstart.Product;
import io.smallrye.mutiny.Uni;
import java.io.PrintStream;
import java.util.List;

/**
 * Mutiny: a cached {@link MutinyProductClient} sends one request however often its {@code Uni} is
 * subscribed, and its {@code Uni<Void>} delete invalidates when it completes, not when it is returned.
 * Run it with {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.lightcache.samples.reactive.MutinySample}.
 */
public final class MutinySample {

  private MutinySample() {}

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
    MutinyProductClient products = CachedMutinyProductClient.wrap(new FakeClient(server));

    Uni<Product> product = products.get(7);           // lazy: nothing is sent yet
    product.await().indefinitely();                   // miss: one request
    product.await().indefinitely();                   // hit
    products.get(7).await().indefinitely();           // hit
    // end::wrap[]
    out.println("get(7) subscribed 3 times: " + product.await().indefinitely()
        + ", requests=" + server.requests());

    // tag::delete[]
    List<Product> page = products.list(0).await().indefinitely();       // miss
    Uni<Void> delete = products.delete(3);                             // nothing sent, nothing invalidated
    products.list(0).await().indefinitely();                            // hit
    delete.await().indefinitely();                                      // DELETE sent, then invalidated
    List<Product> after = products.list(0).await().indefinitely();      // miss
    // end::delete[]
    out.println("list(0): " + ids(page) + "; after delete(3): " + ids(after)
        + ", requests=" + server.requests());
    return server;
  }

  private static List<Long> ids(List<Product> products) {
    return products.stream().map(Product::id).toList();
  }

  /** What the Quarkus REST client does, without HTTP: each subscription sends one request. */
  public static class FakeClient implements MutinyProductClient {
    private final ProductServer server;

    /**
     * A client of {@code server}.
     *
     * @param server the server
     */
    public FakeClient(ProductServer server) {
      this.server = server;
    }

    @Override
    public Uni<Product> get(long id) {
      return Uni.createFrom().item(() -> server.find(id));
    }

    @Override
    public Uni<List<Product>> list(int page) {
      return Uni.createFrom().item(() -> server.page(page));
    }

    @Override
    public Uni<Void> delete(long id) {
      return Uni.createFrom().item(() -> {
        server.remove(id);
        return null;
      });
    }
  }
}
