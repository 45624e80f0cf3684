package dev.lightcache.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * One parameter.
 *
 * @param name its name (from class files, possibly {@code arg0})
 * @param type its type, resolved against the interface
 * @param keyArgument how its value is passed to {@code CachedMethod.key(...)}
 */
public record ParameterModel(String name, TypeName type, KeyArgument keyArgument) {

  /** How a key parameter's value reaches {@code CachedMethod.key(...)}. */
  public enum KeyArgument {
    /** {@code long}, {@code int}, {@code short}, {@code byte}: {@code key(long)}, no boxing. */
    INTEGRAL,
    /**
     * Other primitives and arrays: cast to {@code Object}, so that a {@code char} is not widened to a
     * number and an array is not spread into the varargs.
     */
    CAST_TO_OBJECT,
    /** Any other reference: as it is. */
    AS_IS
  }
}
