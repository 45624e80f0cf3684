package dev.lightcache.samples.quickstart;

import dev.lightcache.runtime.CachingProxy;

/**
 * The README's first example, compiled: the README quotes the {@code usage} region below verbatim
 * (checked by {@code DocsSnippetsTest}), after the {@code endpoint} region of {@link ProductEndpoint}.
 */
public final class ReadmeExample {

  private ReadmeExample() {}

  /**
   * Makes the README's calls.
   *
   * @param p the product the example posts
   * @return the proxy the calls went through, for its statistics
   */
  public static CachingProxy run(Product p) {
    // tag::usage[]
    ProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore());
    products.get(42);   // miss: calls ProductStore.get(42), stores the result for 60 s
    products.get(42);   // hit: returns without calling the store
    products.post(p);   // calls the store, then invalidates the endpoint's entries
    // end::usage[]
    return (CachingProxy) products;
  }
}
