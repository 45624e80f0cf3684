package dev.lightcache.samples.modular;

import dev.lightcache.annotations.Cached;

/** The endpoint: {@code find} is cached, {@code delete} invalidates. */
@Cached(expirationSeconds = 60)
public interface Catalog {

  /**
   * @param isbn an ISBN
   * @return the book
   */
  Book find(String isbn);

  /** @param isbn the ISBN of the book to delete */
  void delete(String isbn);
}
