package dev.lightcache.samples.reactive;

import dev.lightcache.samples.quickstart.Product;
import java.io.PrintStream;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactor: a cached {@link ReactorProductClient} sends one request however often its {@code Mono} is
 * subscribed, and its {@code Mono<Void>} delete invalidates when it completes, not when it is returned.
 * Run it with {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.lightcache.samples.reactive.ReactorSample}.
 */
public final class ReactorSample {

  private ReactorSample() {}

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
    ReactorProductClient products = CachedReactorProductClient.wrap(new FakeClient(server));

    Mono<Product> product = products.get(7);  // lazy: nothing is sent yet
    product.block();                          // miss: one request
    product.block();                          // hit: the same Mono, subscribed again
    products.get(7).block();                  // hit: a new Mono of the same key
    // end::wrap[]
    out.println("get(7) subscribed 3 times: " + product.block() + ", requests=" + server.requests());

    List<Product> page = products.list(0).collectList().block();
    products.list(0).collectList().block();
    out.println("list(0) subscribed twice: " + ids(page) + ", requests=" + server.requests());

    // tag::delete[]
    Mono<Void> delete = products.delete(3);   // returned, not subscribed: nothing deleted, nothing invalidated
    products.list(0).collectList().block();   // still a hit
    delete.block();                           // DELETE sent; when it completes, the entries are invalidated
    List<Product> after = products.list(0).collectList().block(); // miss: the page without product 3
    // end::delete[]
    out.println("after delete(3), list(0): " + ids(after) + ", requests=" + server.requests());
    return server;
  }

  private static List<Long> ids(List<Product> products) {
    return products.stream().map(Product::id).toList();
  }

  /**
   * What Spring's client does, without HTTP: each subscription sends one request to the server.
   */
  public static class FakeClient implements ReactorProductClient {
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
    public Mono<Product> get(long id) {
      return Mono.fromCallable(() -> server.find(id));
    }

    @Override
    public Flux<Product> list(int page) {
      return Flux.defer(() -> Flux.fromIterable(server.page(page)));
    }

    @Override
    public Mono<Void> delete(long id) {
      return Mono.fromRunnable(() -> server.remove(id));
    }
  }
}
