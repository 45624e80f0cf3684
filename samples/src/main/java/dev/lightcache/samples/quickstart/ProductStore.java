package dev.lightcache.samples.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The real implementation of {@link ProductEndpoint} in the README's first example: products in a map,
 * standing in for a database. ({@link SlowProductStore}, which the quickstart runs, also takes time per
 * call and counts its calls.)
 */
public final class ProductStore implements ProductEndpoint {

  private static final int PAGE_SIZE = 10;

  private final Map<Long, Product> products = new ConcurrentSkipListMap<>();

  /** A store holding products 1 to 100. */
  public ProductStore() {
    for (long id = 1; id <= 100; id++) {
      products.put(id, new Product(id, "product-" + id, 100 * id));
    }
  }

  @Override
  public Product get(long id) {
    return products.get(id);
  }

  @Override
  public List<Product> list(int page) {
    List<Product> all = new ArrayList<>(products.values());
    return List.copyOf(
        all.subList(
            Math.min(page * PAGE_SIZE, all.size()), Math.min((page + 1) * PAGE_SIZE, all.size())));
  }

  @Override
  public Product post(Product p) {
    products.put(p.id(), p);
    return p;
  }

  @Override
  public void delete(long id) {
    products.remove(id);
  }
}
