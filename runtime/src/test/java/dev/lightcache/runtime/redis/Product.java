package dev.lightcache.runtime.redis;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A cached value shaped like the ones endpoints return: a record of records, dates and options. */
public record Product(
    long id,
    String name,
    BigDecimal price,
    Category category,
    Instant updatedAt,
    LocalDate releasedOn,
    Optional<String> description,
    List<String> tags) {

  /** A product category. */
  public enum Category {
    BOOKS,
    GAMES
  }

  /**
   * A product with the given id and name and fixed other fields.
   *
   * @param id the id
   * @param name the name
   * @return the product
   */
  public static Product of(long id, String name) {
    return new Product(
        id,
        name,
        new BigDecimal("19.90"),
        Category.BOOKS,
        Instant.parse("2024-05-01T10:15:30.123456789Z"),
        LocalDate.of(2023, 12, 24),
        Optional.of("the " + name),
        List.of("new", "sale"));
  }
}
