package dev.lightcache.samples.modular;

import java.time.LocalDate;

/**
 * A cached value: a record with a {@code java.time} component, which Redis stores as JSON (Jackson's
 * {@code java.time} module comes with databind on the module path).
 *
 * @param isbn the book's ISBN
 * @param title its title
 * @param published when it was published
 */
public record Book(String isbn, String title, LocalDate published) {}
