package dev.lightcache.samples.reactive;

import dev.lightcache.samples.quickstart.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The remote service behind every reactive sample, standing in for the HTTP server a real client would
 * call: products by id, in pages, and deletion. Each call is one request and is counted, so the samples
 * can show how many requests a cached client sends. The fake clients of the samples call it only when
 * their publishers are subscribed, as a real HTTP client sends its request only then.
 */
public final class ProductServer {

  /** Products per page of {@link #page}. */
  public static final int PAGE_SIZE = 5;

  private final Map<Long, Product> products = new ConcurrentSkipListMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();

  /**
   * A server holding products {@code 1..count}.
   *
   * @param count how many products
   */
  public ProductServer(int count) {
    for (long id = 1; id <= count; id++) {
      products.put(id, new Product(id, "product-" + id, 100 * id));
    }
  }

  /**
   * {@code GET /products/{id}}.
   *
   * @param id the product's id
   * @return the product
   * @throws NoSuchElementException when there is none (a 404)
   */
  public Product find(long id) {
    requests.incrementAndGet();
    Product product = products.get(id);
    if (product == null) {
      throw new NoSuchElementException("404: no product " + id);
    }
    return product;
  }

  /**
   * {@code GET /products?page=n}.
   *
   * @param page the page, from 0
   * @return up to {@link #PAGE_SIZE} products
   */
  public List<Product> page(int page) {
    requests.incrementAndGet();
    List<Product> all = new ArrayList<>(products.values());
    int from = Math.min(page * PAGE_SIZE, all.size());
    return List.copyOf(all.subList(from, Math.min(from + PAGE_SIZE, all.size())));
  }

  /**
   * {@code DELETE /products/{id}}.
   *
   * @param id the product's id
   */
  public void remove(long id) {
    requests.incrementAndGet();
    products.remove(id);
  }

  /**
   * {@code GET /products/{id}} answered with a status, as a client returning responses sees it: 200
   * with the product, 404 without one, or 500 while {@link #failNext failures} are due.
   *
   * @param id the product's id
   * @return the status code and, for 200, the product
   */
  public Answer answer(long id) {
    requests.incrementAndGet();
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return new Answer(500, null);
    }
    Product product = products.get(id);
    return product == null ? new Answer(404, null) : new Answer(200, product);
  }

  /**
   * Makes the next {@code count} calls of {@link #answer} fail with a 500, as an overloaded server would.
   *
   * @param count how many
   */
  public void failNext(int count) {
    failures.set(count);
  }

  /**
   * How many requests reached the server.
   *
   * @return the count
   */
  public int requests() {
    return requests.get();
  }

  /**
   * A status and, for 200, a body.
   *
   * @param status the HTTP status code
   * @param body the product, or {@code null}
   */
  public record Answer(int status, Product body) {}
}
