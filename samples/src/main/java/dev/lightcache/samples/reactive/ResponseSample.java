package dev.lightcache.samples.reactive;

import dev.lightcache.samples.quickstart.Product;
import java.io.PrintStream;
import java.util.List;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;

/**
 * Responses with a status: a cached {@link ResponseProductClient} keeps a 200, but a 500 (or a 404) is
 * never cached, so the next call asks the server again. Run it with
 * {@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.lightcache.samples.reactive.ResponseSample}.
 */
public final class ResponseSample {

  private ResponseSample() {}

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
    ResponseProductClient products = CachedResponseProductClient.wrap(new FakeClient(server));

    // tag::status[]
    ResponseEntity<Product> ok = products.get(7);         // 200: cached
    products.get(7);                                      // hit
    // end::status[]
    out.println("get(7) twice: " + ok.getStatusCode().value() + ", requests=" + server.requests());

    // tag::error[]
    server.failNext(1);                                   // the server's next answer is a 500
    ResponseEntity<Product> failed = products.get(8);     // 500: returned, not cached
    ResponseEntity<Product> retried = products.get(8);    // the server is asked again: 200, cached
    products.get(8);                                      // hit
    // end::error[]
    out.println("get(8) three times: " + failed.getStatusCode().value() + ", then "
        + retried.getStatusCode().value() + ", requests=" + server.requests());

    products.list(0).block();
    ResponseEntity<List<Product>> page = products.list(0).block();
    out.println("list(0) twice: " + (page == null ? null : page.getStatusCode().value())
        + ", requests=" + server.requests());
    return server;
  }

  /** What Spring's client does, without HTTP: each call (each subscription) sends one request. */
  public static class FakeClient implements ResponseProductClient {
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
    public ResponseEntity<Product> get(long id) {
      ProductServer.Answer answer = server.answer(id);
      return ResponseEntity.status(answer.status()).body(answer.body());
    }

    @Override
    public Mono<ResponseEntity<List<Product>>> list(int page) {
      return Mono.fromCallable(() -> ResponseEntity.ok(server.page(page)));
    }
  }
}
