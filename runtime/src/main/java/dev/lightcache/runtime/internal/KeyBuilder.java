package dev.lightcache.runtime.internal;

import org.jspecify.annotations.Nullable;

/**
 * Builds one key: the method's prefix, then each key argument after a separator ({@code :} before the
 * first, {@code ,} between the others). Primitive overloads write the same text as their boxes, so a key
 * built from a {@code long} equals one built from a {@code Long}. Used once, by one thread.
 */
public final class KeyBuilder {

  private final StringBuilder sb;
  private final int prefixLength;
  private boolean first = true;

  KeyBuilder(String prefix) {
    this.sb = new StringBuilder(prefix.length() + 32).append(prefix);
    this.prefixLength = prefix.length();
  }

  private StringBuilder next() {
    sb.append(first ? ':' : ',');
    first = false;
    return sb;
  }

  /** Adds a {@code long} argument. */
  public KeyBuilder add(long value) {
    next().append(value);
    return this;
  }

  /** Adds an {@code int} argument. */
  public KeyBuilder add(int value) {
    next().append(value);
    return this;
  }

  /** Adds a {@code boolean} argument. */
  public KeyBuilder add(boolean value) {
    next().append(value);
    return this;
  }

  /** Adds a {@code double} argument. */
  public KeyBuilder add(double value) {
    KeyText.appendDouble(next(), value);
    return this;
  }

  /** Adds a {@code float} argument. */
  public KeyBuilder add(float value) {
    KeyText.appendFloat(next(), value);
    return this;
  }

  /** Adds a {@code char} argument. */
  public KeyBuilder add(char value) {
    KeyText.appendString(next(), String.valueOf(value));
    return this;
  }

  /** Adds a {@code String} argument. */
  public KeyBuilder add(@Nullable String value) {
    if (value == null) {
      next().append("%null");
    } else {
      KeyText.appendString(next(), value);
    }
    return this;
  }

  /** Adds any other argument, rendered by {@link KeyText}. */
  public KeyBuilder add(@Nullable Object value) {
    KeyText.append(next(), value);
    return this;
  }

  /**
   * The key, shortened with a hash when longer than {@link KeyText#MAX_LENGTH}.
   *
   * @return the key
   */
  public String build() {
    return KeyText.limit(sb.toString(), prefixLength);
  }
}
