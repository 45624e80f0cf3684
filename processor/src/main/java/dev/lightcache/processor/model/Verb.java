package dev.lightcache.processor.model;

/**
 * A method's HTTP verb and where it was read from.
 *
 * @param name {@code GET}, {@code POST}, ...; empty when the method has none
 * @param source where it came from, for the generated javadoc: {@code @jakarta.ws.rs.GET}, {@code the
 *     name prefix "find"}, ...
 */
public record Verb(String name, String source) {

  /** Whether the method has a verb. */
  public boolean isPresent() {
    return !name.isEmpty();
  }

  /** No verb, for the given reason. */
  public static Verb none(String why) {
    return new Verb("", why);
  }
}
