package dev.lightcache.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * One parameter.
 *
 * @param name its name (from class files, possibly {@code arg0})
 * @param type its type, resolved against the interface
 * @param keyOverload which {@code KeyBuilder.add} overload its value goes through
 */
public record ParameterModel(String name, TypeName type, KeyOverload keyOverload) {

  /** The {@code KeyBuilder.add} overload a key parameter uses. */
  public enum KeyOverload {
    /** {@code add(long)}, {@code add(int)} and the other primitives: no boxing. */
    PRIMITIVE,
    /** {@code add(String)}. */
    STRING,
    /** {@code add(Object)}. */
    OBJECT
  }
}
