package dev.lightcache.samples.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.samples.quickstart.Product;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;

/**
 * The responses sample on the generated {@code CachedResponseProductClient}, with the built-in {@code
 * InMemoryCache}: a 2xx response is kept as it is; any other status is never cached.
 */
class ResponseSampleTest {

  private final ProductServer server = new ProductServer(12);
  private final ResponseProductClient products =
      CachedResponseProductClient.wrap(new ResponseSample.FakeClient(server));

  @Test
  void theSamplePrintsThatA500IsNotCached() {
    SampleOutput run = SampleOutput.of(ResponseSample::run);
    assertTrue(run.printed("get(7) twice: 200, requests=1"), run.text());
    assertTrue(run.printed("get(8) three times: 500, then 200, requests=3"), run.text());
    assertTrue(run.printed("list(0) twice: 200, requests=4"), run.text());
    assertEquals(4, run.server().requests());
  }

  @Test
  void a200IsKeptAsItIs() {
    ResponseEntity<Product> first = products.get(7);
    assertEquals(200, first.getStatusCode().value());
    assertSame(first, products.get(7), "in memory, the very response, status and headers included");
    assertEquals(1, server.requests());
  }

  @Test
  void a500IsNotCached() {
    server.failNext(2);
    assertEquals(500, products.get(8).getStatusCode().value());
    assertEquals(500, products.get(8).getStatusCode().value());
    assertEquals(200, products.get(8).getStatusCode().value());
    assertEquals(200, products.get(8).getStatusCode().value());
    assertEquals(3, server.requests(), "two 500s, one 200, then a hit");
  }

  @Test
  void a404IsNotCached() {
    assertEquals(404, products.get(99).getStatusCode().value());
    assertEquals(404, products.get(99).getStatusCode().value());
    assertEquals(2, server.requests());
  }

  @Test
  void anEmittedResponseIsCachedOnlyWhen2xx() {
    AtomicInteger requests = new AtomicInteger();
    ResponseProductClient client =
        CachedResponseProductClient.wrap(
            new ResponseSample.FakeClient(server) {
              @Override
              public Mono<ResponseEntity<List<Product>>> list(int page) {
                return Mono.fromCallable(
                    () -> requests.incrementAndGet() == 1
                        ? ResponseEntity.internalServerError().<List<Product>>build()
                        : ResponseEntity.ok(List.of(new Product(1, "one", 1))));
              }
            });
    assertEquals(500, status(client.list(0)));
    assertEquals(200, status(client.list(0)));
    assertEquals(200, status(client.list(0)));
    assertEquals(2, requests.get(), "the 500 was not cached, the 200 was");
  }

  private static int status(Mono<? extends ResponseEntity<?>> response) {
    ResponseEntity<?> entity = response.block();
    assertTrue(entity != null, "a response");
    return entity.getStatusCode().value();
  }
}
