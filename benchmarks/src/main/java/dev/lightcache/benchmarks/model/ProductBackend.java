package dev.lightcache.benchmarks.model;

/**
 * The delegate every contender wraps: answers from a precomputed table, so that it costs a few
 * nanoseconds and allocates nothing, and what a benchmark measures is the caching layer.
 */
public final class ProductBackend implements ProductEndpoint {

  /** Number of distinct products in the table (a power of two). */
  public static final int SIZE = 4096;

  private final Product[] products = new Product[SIZE];
  private long calls;

  /** A backend whose products encode to roughly 100 bytes of JSON. */
  public ProductBackend() {
    this(0);
  }

  /**
   * A backend whose products carry a description of {@code descriptionLength} characters.
   *
   * @param descriptionLength padding per product, to size encoded values
   */
  public ProductBackend(int descriptionLength) {
    String padding = "x".repeat(Math.max(0, descriptionLength));
    for (int i = 0; i < SIZE; i++) {
      products[i] = new Product(i, "product-" + i, 100L * i + 99, padding);
    }
  }

  /**
   * How many times a contender called this delegate: a plain counter, read by the benchmarks' set-up
   * to check that the hit path really hits (hits never call the delegate, so it costs them nothing).
   *
   * @return the number of calls so far
   */
  public long calls() {
    return calls;
  }

  @Override
  public Product get() {
    calls++;
    return products[0];
  }

  @Override
  public Product get(long id) {
    calls++;
    return products[(int) (id & (SIZE - 1))];
  }

  @Override
  public Product get(long id, String region, int version) {
    calls++;
    return products[(int) ((id + region.length() + version) & (SIZE - 1))];
  }
}
