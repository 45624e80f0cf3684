package dev.lightcache.runtime.internal;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The key of one call, as generated code builds it: a small object that the built-in in-memory cache
 * uses directly (equality and hash over the method and the arguments, no text built on a hit), and
 * that renders to the {@code String} key of the {@link dev.lightcache.runtime.Cache} contract for every
 * other backend.
 *
 * <p>Only immutable arguments (numbers, strings, enums, {@code UUID}, {@code java.time} values, ...) are
 * held as objects. A key with a mutable argument (a collection, an array, a record, ...) is rendered to
 * text at once, so that a caller changing the argument later cannot change a stored key.
 */
public abstract class Key {

  // No other field: a key with one long argument is 24 bytes, the size of a boxed key in a map.
  final CachedMethod method;

  Key(CachedMethod method) {
    this.method = method;
  }

  /**
   * The key as text, exactly as {@link KeyBuilder} writes it. Rendered on each call: only backends that
   * store text need it, and they pay for the text anyway.
   *
   * @return the text key
   */
  public final String text() {
    return render();
  }

  /**
   * The time to live of the key's method, in nanoseconds.
   *
   * @return the expiration
   */
  public final long expirationNanos() {
    return method.expirationNanos();
  }

  abstract String render();

  /**
   * Whether {@link #text()} is {@code text}; renders only keys of the method the text names.
   *
   * @param text a text key
   * @return whether this key renders to it
   */
  public final boolean hasText(String text) {
    return text.startsWith(method.keyPrefix()) && render().equals(text);
  }

  /** Whether {@link #text()} starts with {@code prefix}, without rendering it when it can. */
  final boolean textStartsWith(String prefix) {
    String methodPrefix = method.keyPrefix();
    return prefix.length() <= methodPrefix.length()
        ? methodPrefix.startsWith(prefix)
        : text().startsWith(prefix);
  }

  /**
   * Whether a key of the in-memory cache, text or object, starts with {@code prefix} as text.
   *
   * @param key a {@code String} or a {@code Key}
   * @param prefix the prefix
   * @return whether it is under the prefix
   */
  public static boolean textStartsWith(Object key, String prefix) {
    return key instanceof Key k ? k.textStartsWith(prefix) : ((String) key).startsWith(prefix);
  }

  @Override
  public String toString() {
    return text();
  }

  /** The key of a method without key parameters: one instance per method. */
  static final class NoArguments extends Key {
    NoArguments(CachedMethod method) {
      super(method);
    }

    @Override
    String render() {
      return method.keyPrefix();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /** One integral argument ({@code long}, {@code int}, {@code short}, {@code byte} or their boxes). */
  static final class OfLong extends Key {
    private final long value;

    OfLong(CachedMethod method, long value) {
      super(method);
      this.value = value;
    }

    @Override
    String render() {
      // One exact-size string: the same text as KeyBuilder.add(long), for backends that store text.
      String prefix = method.keyPrefix();
      return KeyText.limit(prefix + ':' + value, prefix.length());
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof OfLong k && k.value == value && k.method == method;
    }

    @Override
    public int hashCode() {
      return 31 * method.hash + Long.hashCode(value);
    }
  }

  /** One immutable argument, possibly {@code null}. */
  static final class OfValue extends Key {
    private final @Nullable Object value;

    OfValue(CachedMethod method, @Nullable Object value) {
      super(method);
      this.value = normal(value);
    }

    @Override
    String render() {
      String prefix = method.keyPrefix();
      if (value instanceof String s && KeyText.isPlain(s)) {
        return KeyText.limit(prefix + ':' + s, prefix.length());
      }
      return method.newKey().add(value).build();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof OfValue k && k.method == method && Objects.equals(k.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * method.hash + Objects.hashCode(value);
    }
  }

  /** Two immutable arguments, without an array. */
  static final class OfTwo extends Key {
    private final @Nullable Object first;
    private final @Nullable Object second;

    OfTwo(CachedMethod method, @Nullable Object first, @Nullable Object second) {
      super(method);
      this.first = normal(first);
      this.second = normal(second);
    }

    @Override
    String render() {
      return method.text(first, second);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof OfTwo k
          && k.method == method
          && Objects.equals(k.first, first)
          && Objects.equals(k.second, second);
    }

    @Override
    public int hashCode() {
      return (31 * method.hash + Objects.hashCode(first)) * 31 + Objects.hashCode(second);
    }
  }

  /** Three immutable arguments, without an array. */
  static final class OfThree extends Key {
    private final @Nullable Object first;
    private final @Nullable Object second;
    private final @Nullable Object third;

    OfThree(CachedMethod method, @Nullable Object first, @Nullable Object second, @Nullable Object third) {
      super(method);
      this.first = normal(first);
      this.second = normal(second);
      this.third = normal(third);
    }

    @Override
    String render() {
      return method.text(first, second, third);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof OfThree k
          && k.method == method
          && Objects.equals(k.first, first)
          && Objects.equals(k.second, second)
          && Objects.equals(k.third, third);
    }

    @Override
    public int hashCode() {
      int hash = 31 * method.hash + Objects.hashCode(first);
      hash = 31 * hash + Objects.hashCode(second);
      return 31 * hash + Objects.hashCode(third);
    }
  }

  /** Several immutable arguments. */
  static final class OfValues extends Key {
    private final @Nullable Object[] values;

    OfValues(CachedMethod method, @Nullable Object[] values) {
      super(method);
      @Nullable Object[] normal = new Object[values.length];
      for (int i = 0; i < values.length; i++) {
        normal[i] = normal(values[i]);
      }
      this.values = normal;
    }

    @Override
    String render() {
      return method.text(values);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof OfValues k && k.method == method && Arrays.equals(k.values, values);
    }

    @Override
    public int hashCode() {
      return 31 * method.hash + Arrays.hashCode(values);
    }
  }

  /** Arguments rendered to text at once, because at least one of them is mutable. */
  static final class OfText extends Key {
    private final String rendered;

    OfText(CachedMethod method, String rendered) {
      super(method);
      this.rendered = rendered;
    }

    @Override
    String render() {
      return rendered;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof OfText k && k.rendered.equals(rendered);
    }

    @Override
    public int hashCode() {
      return rendered.hashCode();
    }
  }

  /** Whether a value is a boxed integral number of at most 64 bits, which keys hold as a long. */
  static boolean isIntegral(@Nullable Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
  }

  /**
   * The form a key holds a value in, so that key objects are equal exactly when their texts are: every
   * integral box as a {@code Long} (an {@code int} 42 and a {@code long} 42 are both "42"), a {@code
   * Character} as a one-character {@code String} (both are written as the string).
   */
  static @Nullable Object normal(@Nullable Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Character c) {
      return String.valueOf(c.charValue());
    }
    return value;
  }

  /** Whether a value can be held in a key: immutable, with equals consistent with its text form. */
  static boolean isImmutable(@Nullable Object value) {
    return value == null
        || value instanceof String
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Double
        || value instanceof Float
        || value instanceof Enum<?>
        || value instanceof java.util.UUID
        || value instanceof java.math.BigInteger && value.getClass() == java.math.BigInteger.class
        || value instanceof java.math.BigDecimal && value.getClass() == java.math.BigDecimal.class
        || value.getClass().getPackageName().equals("java.time");
  }
}
