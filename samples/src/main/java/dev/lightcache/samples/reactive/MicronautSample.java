package dev.lightcache.samples.reactive;

import dev.lightcache.samples.quickstart.Product;
import java.io.PrintStream;
import java.util.List;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Micronaut: a cached {@link MicronautProductClient} sends one request however often its {@code
 * Publisher} is subscribed, and its {@code Publisher<Void>} delete invalidates when it completes, not
 * when it is returned. Run it with
 * {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.lightcache.samples.reactive.MicronautSample}.
 */
public final class MicronautSample {

  private MicronautSample() {}

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
    MicronautProductClient products = CachedMicronautProductClient.wrap(new FakeClient(server));

    Publisher<Product> product = products.get(7);  // lazy: nothing is sent yet
    Mono.from(product).block();                    // miss: one request
    Mono.from(product).block();                    // hit
    Mono.from(products.get(7)).block();            // hit
    // end::wrap[]
    out.println("get(7) subscribed 3 times: " + Mono.from(product).block()
        + ", requests=" + server.requests());

    // tag::delete[]
    List<Product> page = Flux.from(products.list(0)).collectList().block();    // miss
    Publisher<Void> delete = products.delete(3);                               // nothing sent yet
    Flux.from(products.list(0)).collectList().block();                         // hit
    Mono.from(delete).block();                                                 // DELETE sent, then invalidated
    List<Product> after = Flux.from(products.list(0)).collectList().block();   // miss
    // end::delete[]
    out.println("list(0): " + ids(page) + "; after delete(3): " + ids(after)
        + ", requests=" + server.requests());
    return server;
  }

  private static List<Long> ids(List<Product> products) {
    return products.stream().map(Product::id).toList();
  }

  /** What Micronaut's client does, without HTTP: each subscription sends one request. */
  public static class FakeClient implements MicronautProductClient {
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
    public Publisher<Product> get(long id) {
      return Mono.fromCallable(() -> server.find(id));
    }

    @Override
    public Publisher<Product> list(int page) {
      return Flux.defer(() -> Flux.fromIterable(server.page(page)));
    }

    @Override
    public Publisher<Void> delete(long id) {
      return Mono.fromRunnable(() -> server.remove(id));
    }
  }
}
