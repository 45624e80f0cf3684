package dev.lightcache.runtime;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A description of a value's full type, generic arguments included, built by generated code at compile
 * time: {@code ValueType.of(Product.class)}, {@code ValueType.of(List.class, ValueType.of(Product.class))},
 * {@code ValueType.arrayOf(ValueType.of(Product.class))}.
 *
 * <p>It takes the place of super-type tokens, so that a serialising backend can decode a {@code
 * List<Product>} to a list of {@code Product} without reflecting on generic signatures at run time.
 *
 * <p>Instances are immutable and safe to share; equal descriptions are {@link #equals equal}.
 *
 * @param <T> the described type
 */
public final class ValueType<T> {

  private final Class<?> rawType;
  private final List<ValueType<?>> typeArguments;
  private final @Nullable ValueType<?> componentType; // null unless this is an array type

  private ValueType(
      Class<?> rawType, List<ValueType<?>> typeArguments, @Nullable ValueType<?> componentType) {
    this.rawType = rawType;
    this.typeArguments = typeArguments;
    this.componentType = componentType;
  }

  /**
   * Describes a type without type arguments, such as {@code Product} or {@code long}.
   *
   * @param type the class
   * @param <T> the type
   * @return its description
   */
  public static <T> ValueType<T> of(Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (type.isArray()) {
      throw new IllegalArgumentException(
          "use ValueType.arrayOf(...) for array types, not of(" + type.getName() + ")");
    }
    return new ValueType<>(type, List.of(), null);
  }

  /**
   * Describes a parameterised type, such as {@code Map<String, List<Product>>}.
   *
   * @param rawType the raw class, such as {@code Map.class}
   * @param typeArguments the descriptions of its type arguments, in order
   * @param <T> the described type
   * @return its description
   */
  public static <T> ValueType<T> of(Class<? super T> rawType, ValueType<?>... typeArguments) {
    Objects.requireNonNull(rawType, "rawType");
    return new ValueType<>(rawType, List.of(typeArguments), null);
  }

  /**
   * Describes an array type, such as {@code Product[]} or {@code List<Product>[]}.
   *
   * @param componentType the description of the component type
   * @param <T> the described array type
   * @return its description
   */
  public static <T> ValueType<T> arrayOf(ValueType<?> componentType) {
    Objects.requireNonNull(componentType, "componentType");
    Class<?> raw = componentType.rawType.arrayType();
    return new ValueType<>(raw, List.of(), componentType);
  }

  /**
   * The raw class: {@code List.class} for {@code List<Product>}, {@code long.class} for {@code long}.
   *
   * @return the raw class
   */
  public Class<?> rawType() {
    return rawType;
  }

  /**
   * The type arguments, empty for a non-generic type or an array.
   *
   * @return the type arguments
   */
  public List<ValueType<?>> typeArguments() {
    return typeArguments;
  }

  /**
   * Whether this describes an array type.
   *
   * @return {@code true} for an array type
   */
  public boolean isArray() {
    return componentType != null;
  }

  /**
   * The component type of an array type.
   *
   * @return the component type
   * @throws IllegalStateException if this is not an array type
   */
  public ValueType<?> componentType() {
    if (componentType == null) {
      throw new IllegalStateException(this + " is not an array type");
    }
    return componentType;
  }

  /**
   * Whether {@code value} is an instance of the raw type (its box, for a primitive). Type arguments are
   * not checked: they are erased at run time.
   *
   * @param value a value
   * @return {@code true} if it can be returned as this type
   */
  public boolean isInstance(Object value) {
    return boxed(rawType).isInstance(value);
  }

  private static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    if (type == int.class) {
      return Integer.class;
    } else if (type == long.class) {
      return Long.class;
    } else if (type == boolean.class) {
      return Boolean.class;
    } else if (type == double.class) {
      return Double.class;
    } else if (type == float.class) {
      return Float.class;
    } else if (type == short.class) {
      return Short.class;
    } else if (type == byte.class) {
      return Byte.class;
    } else if (type == char.class) {
      return Character.class;
    }
    return Void.class;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ValueType<?> other
        && rawType == other.rawType
        && typeArguments.equals(other.typeArguments)
        && Objects.equals(componentType, other.componentType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rawType, typeArguments, componentType);
  }

  /** The type as Java writes it, such as {@code java.util.List<com.acme.Product>}. */
  @Override
  public String toString() {
    if (componentType != null) {
      return componentType + "[]";
    }
    // the canonical name writes nested types as Java does (java.util.Map.Entry, not Map$Entry)
    String canonical = rawType.getCanonicalName();
    String name = canonical != null ? canonical : rawType.getName();
    if (typeArguments.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('<');
    for (int i = 0; i < typeArguments.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(typeArguments.get(i));
    }
    return sb.append('>').toString();
  }
}
