package dev.lightcache.samples.modular;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/** The real implementation behind the proxy: counts its lookups, as a slow service would cost them. */
public final class Library implements Catalog {

  private final AtomicInteger lookups = new AtomicInteger();

  @Override
  public Book find(String isbn) {
    lookups.incrementAndGet();
    return new Book(isbn, "Title of " + isbn, LocalDate.of(2026, 1, 1 + Math.floorMod(isbn.hashCode(), 28)));
  }

  @Override
  public void delete(String isbn) {}

  /** @return how many times {@link #find} ran */
  public int lookups() {
    return lookups.get();
  }
}
