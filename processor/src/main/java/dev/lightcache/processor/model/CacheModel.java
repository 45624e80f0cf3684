package dev.lightcache.processor.model;

import java.util.List;
import java.util.Optional;

/**
 * How a cached method is cached.
 *
 * @param shape how the result wraps the stored value
 * @param storedType the type of the stored value ({@code T} of {@code Optional<T>} and futures)
 * @param expirationSeconds time to live of each entry
 * @param cacheNulls whether null results are cached
 * @param keyParameters positions of the parameters that form the key, in order
 * @param status for results that carry an HTTP status: which kind, so that only 2xx ones are stored
 */
public record CacheModel(
    Shape shape,
    ValueTypeModel storedType,
    long expirationSeconds,
    boolean cacheNulls,
    List<Integer> keyParameters,
    Optional<Status> status) {

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
    FUTURE_OPTIONAL,
    /**
     * A single-value reactive type ({@code Mono<T>}, {@code Uni<T>}, {@code Single<T>}, {@code
     * Maybe<T>}): the value is the emitted value; which type is the method's {@link Deferred}.
     */
    EMITTED,
    /**
     * A multi-value reactive type ({@code Flux<T>}, {@code Publisher<T>}, {@code Multi<T>}, {@code
     * Flowable<T>}, {@code Observable<T>}): the value is the list of elements, replayed as the same type.
     */
    COLLECTED
  }

  /** Responses that carry an HTTP status, by library: each is cached only with a 2xx status. */
  public enum Status {
    /** {@code retrofit2.Response<T>}. */
    RETROFIT("retrofit2", "Response"),
    /** Spring {@code ResponseEntity<T>}. */
    SPRING("org.springframework.http", "ResponseEntity"),
    /** Micronaut {@code HttpResponse<T>}. */
    MICRONAUT("io.micronaut.http", "HttpResponse"),
    /** {@code java.net.http.HttpResponse<T>} with a {@code String} or {@code byte[]} body. */
    JDK("java.net.http", "HttpResponse");

    private final String packageName;
    private final String simpleName;

    Status(String packageName, String simpleName) {
      this.packageName = packageName;
      this.simpleName = simpleName;
    }

    /** The package of the response type. */
    public String packageName() {
      return packageName;
    }

    /** The simple name of the response type. */
    public String simpleName() {
      return simpleName;
    }

    /** The qualified name of the response type. */
    public String qualifiedName() {
      return packageName + "." + simpleName;
    }
  }
}
