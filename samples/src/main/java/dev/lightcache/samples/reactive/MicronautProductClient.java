package dev.lightcache.samples.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.samples.quickstart.Product;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import org.reactivestreams.Publisher;

/**
 * A Micronaut declarative client returning Reactive Streams publishers. In a Micronaut application it
 * carries {@code @Client("/")} (from {@code micronaut-http-client}) and Micronaut implements it; the
 * sample uses {@link MicronautSample.FakeClient}. A cached {@code Publisher} needs Reactor on the
 * compile classpath, which collects and replays it.
 */
// tag::client[]
@Cached(expirationSeconds = 60)
public interface MicronautProductClient {
  @Get("/products/{id}")
  Publisher<Product> get(long id);                    // GET: caches the elements as a list (of one)

  @Get("/products{?page}")
  Publisher<Product> list(@QueryValue int page);      // GET: caches the elements as a list

  @Delete("/products/{id}")
  Publisher<Void> delete(long id);                    // DELETE: invalidates when it completes
}
// end::client[]
