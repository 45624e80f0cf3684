package dev.lightcache.runtime.micrometer;

import com.acme.Product;
import com.acme.ProductEndpoint;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The delegate of the tests: products by id; a negative id fails; each call takes {@code loadNanos}. */
final class ProductStore implements ProductEndpoint {

  final AtomicInteger calls = new AtomicInteger();
  private final long loadNanos;

  ProductStore() {
    this(0);
  }

  ProductStore(long loadNanos) {
    this.loadNanos = loadNanos;
  }

  @Override
  public Product get(long id) {
    work();
    if (id < 0) {
      throw new IllegalArgumentException("no product " + id);
    }
    return new Product(id, "product " + id);
  }

  @Override
  public List<Product> list(int page) {
    work();
    return List.of(new Product(page * 10L, "first of page " + page));
  }

  @Override
  public Product post(Product p) {
    calls.incrementAndGet();
    return p;
  }

  @Override
  public void delete(long id) {
    calls.incrementAndGet();
  }

  /** Takes at least {@code loadNanos}, measured with the clock the proxy times loads with. */
  private void work() {
    calls.incrementAndGet();
    long end = System.nanoTime() + loadNanos;
    while (System.nanoTime() - end < 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(Math.max(1, end - System.nanoTime()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
