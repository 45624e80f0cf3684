package dev.lightcache.samples.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.samples.quickstart.Product;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import reactor.core.publisher.Mono;

/**
 * A Spring HTTP interface client returning responses with a status. Only 2xx responses are cached, and
 * only by a backend that keeps objects as they are (the built-in {@code InMemoryCache}): over Redis the
 * methods are not cached at all, with one warning per method. The sample uses {@link
 * ResponseSample.FakeClient}.
 */
// tag::client[]
@Cached(expirationSeconds = 60)
public interface ResponseProductClient {
  @GetExchange("/products/{id}")
  ResponseEntity<Product> get(@PathVariable long id);               // caches 2xx responses only

  @GetExchange("/products")
  Mono<ResponseEntity<List<Product>>> list(@RequestParam int page); // the emitted response, if 2xx
}
// end::client[]
