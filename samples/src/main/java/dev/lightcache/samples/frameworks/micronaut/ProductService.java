package dev.lightcache.samples.frameworks.micronaut;

import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import dev.lightcache.samples.quickstart.SlowProductStore;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The application's own {@link ProductEndpoint}: an ordinary Micronaut bean that {@link
 * ProductsFactory} wraps in the generated proxy. It counts the calls that reach it.
 */
// tag::service[]
@Singleton
public class ProductService implements ProductEndpoint {
// end::service[]

  private final SlowProductStore store = new SlowProductStore(100, 0);

  @Override
  public Product get(long id) {
    return store.get(id);
  }

  @Override
  public List<Product> list(int page) {
    return store.list(page);
  }

  @Override
  public Product post(Product p) {
    return store.post(p);
  }

  @Override
  public void delete(long id) {
    store.delete(id);
  }

  /** How many calls reached the service. */
  public int calls() {
    return store.calls();
  }
}
