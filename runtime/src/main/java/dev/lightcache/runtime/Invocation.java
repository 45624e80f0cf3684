package dev.lightcache.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call of an invalidating method, as an {@link InvalidationStrategy} sees it, after the delegate
 * returned normally.
 *
 * @param namespace the endpoint's namespace, such as {@code com.acme.ProductEndpoint}
 * @param method the method's name, such as {@code post}
 * @param signature the method's signature as in keys, such as {@code post(Product)}
 * @param verb the method's HTTP verb ({@code POST}, {@code PUT}, ...), or {@code ""} if it has none
 * @param arguments the call's arguments, in order (unmodifiable; elements may be {@code null})
 * @param result what the delegate returned ({@code null} for {@code void}; the completed value for a
 *     future)
 * @param declared what the annotations and verb rules say this call invalidates; {@link
 *     InvalidationStrategy#standard()} does exactly this
 */
public record Invocation(
    String namespace,
    String method,
    String signature,
    String verb,
    List<@Nullable Object> arguments,
    @Nullable Object result,
    List<Target> declared) {

  /**
   * Checks for nulls and makes the lists unmodifiable.
   *
   * @param namespace the endpoint's namespace
   * @param method the method's name
   * @param signature the method's signature as in keys
   * @param verb the method's HTTP verb, or {@code ""}
   * @param arguments the call's arguments, in order; copied
   * @param result what the delegate returned
   * @param declared what the method declares it invalidates; copied
   */
  public Invocation {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(verb, "verb");
    arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    declared = List.copyOf(declared);
  }

  /**
   * One thing a method declares it invalidates.
   *
   * @param signature the cached method whose entries go, such as {@code get(long)}; {@code null} for
   *     every entry of the endpoint
   * @param keyArguments positions in {@link Invocation#arguments()} that form the one key to delete, in
   *     the target's key order; {@code null} for every entry of the target method
   */
  public record Target(@Nullable String signature, @Nullable List<Integer> keyArguments) {

    /**
     * Copies {@code keyArguments}.
     *
     * @param signature the cached method whose entries go; {@code null} for every entry of the endpoint
     * @param keyArguments positions in the arguments that form the key; {@code null} for every entry of
     *     the target method; copied
     */
    public Target {
      keyArguments = keyArguments == null ? null : List.copyOf(keyArguments);
    }

    /**
     * Every entry of the endpoint.
     *
     * @return the target
     */
    public static Target endpoint() {
      return new Target(null, null);
    }

    /**
     * Every entry of one cached method.
     *
     * @param signature the method's signature
     * @return the target
     */
    public static Target method(String signature) {
      return new Target(Objects.requireNonNull(signature, "signature"), null);
    }

    /**
     * One entry of one cached method.
     *
     * @param signature the method's signature
     * @param keyArguments positions of the arguments that form the key
     * @return the target
     */
    public static Target key(String signature, List<Integer> keyArguments) {
      return new Target(
          Objects.requireNonNull(signature, "signature"),
          Objects.requireNonNull(keyArguments, "keyArguments"));
    }
  }
}
