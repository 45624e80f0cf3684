package dev.lightcache.samples.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.samples.quickstart.Product;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Spring HTTP interface client with Reactor returns. In an application Spring implements it, for
 * example with {@code HttpServiceProxyFactory.builderFor(WebClientAdapter.create(webClient)).build()
 * .createClient(ReactorProductClient.class)}; the sample uses {@link ReactorSample.FakeClient}.
 */
// tag::client[]
@Cached(expirationSeconds = 60)
public interface ReactorProductClient {
  @GetExchange("/products/{id}")
  Mono<Product> get(@PathVariable long id);        // GET: caches the emitted product

  @GetExchange("/products")
  Flux<Product> list(@RequestParam int page);      // GET: caches the elements as a list

  @DeleteExchange("/products/{id}")
  Mono<Void> delete(@PathVariable long id);        // DELETE: invalidates when the Mono completes
}
// end::client[]
