package dev.lightcache.samples.frameworks.spring;

import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.Invalidates;
import dev.lightcache.samples.quickstart.Product;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PutExchange;

/**
 * A Spring HTTP service client (an {@code @HttpExchange} interface that Spring implements), cached: the
 * processor reads each method's verb from its exchange annotation. {@link CatalogueApplication} creates
 * the client and wraps it.
 */
// tag::client[]
@Cached(expirationSeconds = 60)
@HttpExchange("/products")
public interface ProductClient {
  @GetExchange("/{id}")
  Product get(@PathVariable("id") long id);       // GET: cached, one entry per id

  @PutExchange("/{id}")
  @Invalidates("get")                              // PUT: then drops the entry of get(id), no other
  Product put(@PathVariable("id") long id, @RequestBody Product product);
}
// end::client[]
