package dev.lightcache.samples.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real implementation of {@link ProductEndpoint}: an in-memory store that takes {@code delayMillis}
 * per call, standing in for a database or a remote service. It counts its calls so that the samples
 * can show how many reached it.
 */
public final class SlowProductStore implements ProductEndpoint {

  private static final int PAGE_SIZE = 10;

  private final Map<Long, Product> products = new ConcurrentSkipListMap<>();
  private final long delayMillis;
  private final AtomicInteger calls = new AtomicInteger();

  /**
   * A store holding {@code count} products.
   *
   * @param count how many products
   * @param delayMillis how long each call takes
   */
  public SlowProductStore(int count, long delayMillis) {
    this.delayMillis = delayMillis;
    for (long id = 1; id <= count; id++) {
      products.put(id, new Product(id, "product-" + id, 100 * id));
    }
  }

  @Override
  public Product get(long id) {
    slow();
    return products.get(id);
  }

  @Override
  public List<Product> list(int page) {
    slow();
    return List.copyOf(
        new ArrayList<>(products.values())
            .subList(
                Math.min(page * PAGE_SIZE, products.size()),
                Math.min((page + 1) * PAGE_SIZE, products.size())));
  }

  @Override
  public Product post(Product p) {
    slow();
    products.put(p.id(), p);
    return p;
  }

  @Override
  public void delete(long id) {
    slow();
    products.remove(id);
  }

  /** How many calls reached the store. */
  public int calls() {
    return calls.get();
  }

  private void slow() {
    calls.incrementAndGet();
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
