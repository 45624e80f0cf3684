package dev.lightcache.samples.frameworks.cdi;

import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import dev.lightcache.samples.quickstart.SlowProductStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.List;

/**
 * The application's own {@link ProductEndpoint}: an ordinary CDI bean that {@link ProductsProducer}
 * wraps in the generated proxy. {@code @Typed} leaves it one bean type, its class: it is not a second
 * {@code ProductEndpoint} bean beside the cached one. It counts the calls that reach it.
 */
// tag::service[]
@ApplicationScoped
@Typed(ProductService.class) // a bean of this class only: the one ProductEndpoint bean is the cached one
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
