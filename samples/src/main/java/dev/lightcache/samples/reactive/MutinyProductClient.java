package dev.lightcache.samples.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.samples.quickstart.Product;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A Quarkus REST client with Mutiny returns. In a Quarkus application it carries
 * {@code @RegisterRestClient} and its methods the JAX-RS annotations ({@code @GET @Path("/{id}")},
 * {@code @DELETE}), which Lightcache reads for the verb; here, without JAX-RS on the classpath, the
 * method names give the same verbs. The sample uses {@link MutinySample.FakeClient}.
 */
// tag::client[]
@Cached(expirationSeconds = 60)
public interface MutinyProductClient {
  Uni<Product> get(long id);              // GET: caches the item

  Uni<List<Product>> list(int page);      // GET: caches the item, a list

  Uni<Void> delete(long id);              // DELETE: invalidates when the Uni emits its (null) item
}
// end::client[]
