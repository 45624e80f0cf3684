package dev.lightcache.processor.model;

import java.util.List;

/**
 * How a cached method is cached.
 *
 * @param shape how the result wraps the stored value
 * @param storedType the type of the stored value ({@code T} of {@code Optional<T>} and futures)
 * @param expirationSeconds time to live of each entry
 * @param cacheNulls whether null results are cached
 * @param keyParameters positions of the parameters that form the key, in order
 */
public record CacheModel(
    Shape shape,
    ValueTypeModel storedType,
    long expirationSeconds,
    boolean cacheNulls,
    List<Integer> keyParameters) {

  public CacheModel {
    keyParameters = List.copyOf(keyParameters);
  }

  /** How a method's result relates to the stored value. */
  public enum Shape {
    /** The result is the value. */
    PLAIN,
    /** {@code Optional<T>}: the value is the content. */
    OPTIONAL,
    /** {@code CompletableFuture<T>} or {@code CompletionStage<T>}: the value is the completed value. */
    FUTURE,
    /** A future of {@code Optional<T>}. */
    FUTURE_OPTIONAL
  }
}
