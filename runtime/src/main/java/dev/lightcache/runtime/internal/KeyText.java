package dev.lightcache.runtime.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The text form of key arguments. One rule per kind of value, chosen so that equal arguments give equal
 * text in every JVM and distinct arguments give distinct text:
 *
 * <ul>
 *   <li>{@code null} is {@code %null}; the empty string is {@code ""};
 *   <li>in strings and {@code toString()} forms, {@code % , [ ] { } = " #} and control characters are
 *       written as {@code %XX}, so no value can forge a separator, and unpaired surrogates as {@code
 *       %uXXXX}, so every key is well-formed text whose UTF-8 bytes are as distinct as the strings;
 *   <li>numbers, booleans, enums (by name), {@code UUID} and {@code java.time} values as their {@code
 *       toString()};
 *   <li>lists, arrays and other collections as {@code [a,b]}; sets as {@code {a,b}} and maps as {@code
 *       {k=v}}, both sorted by the text of their elements (keys), so their iteration order never matters;
 *   <li>{@code Optional} as {@code Optional[x]} or {@code Optional.empty}.
 * </ul>
 */
public final class KeyText {

  /** Keys longer than this end in a SHA-256 of the whole key. */
  public static final int MAX_LENGTH = 250;

  private static final int HASH_LENGTH = 1 + 64; // '#' and 64 hex digits
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

  private KeyText() {}

  /**
   * Appends the text form of one argument.
   *
   * @param sb where to append
   * @param value the argument
   */
  public static void append(StringBuilder sb, @Nullable Object value) {
    if (value == null) {
      sb.append("%null");
    } else if (value instanceof String s) {
      appendString(sb, s);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Boolean
        || value instanceof BigInteger
        || value instanceof BigDecimal
        || value instanceof UUID) {
      sb.append(value);
    } else if (value instanceof Double d) {
      appendDouble(sb, d);
    } else if (value instanceof Float f) {
      appendFloat(sb, f);
    } else if (value instanceof Character c) {
      appendString(sb, String.valueOf(c.charValue()));
    } else if (value instanceof Record record && RecordKeys.components(record) != null) {
      appendRecord(sb, record, RecordKeys.components(record));
    } else if (value instanceof Enum<?> e) {
      appendEscaped(sb, e.name());
    } else if (value instanceof Optional<?> optional) {
      if (optional.isPresent()) {
        sb.append("Optional[");
        append(sb, optional.get());
        sb.append(']');
      } else {
        sb.append("Optional.empty");
      }
    } else if (value instanceof Set<?> set) {
      appendSorted(sb, set);
    } else if (value instanceof Map<?, ?> map) {
      appendMap(sb, map);
    } else if (value instanceof Collection<?> collection) {
      sb.append('[');
      boolean first = true;
      for (Object element : collection) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        append(sb, element);
      }
      sb.append(']');
    } else if (value.getClass().isArray()) {
      appendArray(sb, value);
    } else {
      appendString(sb, value.toString());
    }
  }

  /**
   * Appends a string argument: {@code ""} when empty, else escaped.
   *
   * @param sb where to append
   * @param s the string
   */
  public static void appendString(StringBuilder sb, String s) {
    if (s.isEmpty()) {
      sb.append("\"\"");
    } else {
      appendEscaped(sb, s);
    }
  }

  /**
   * Appends {@code s} with separators escaped as {@code %XX}. With {@code escapeColon}, {@code :} is
   * escaped too (namespaces, where {@code :} separates the parts of a key).
   *
   * @param sb where to append
   * @param s the text
   */
  static void appendEscaped(StringBuilder sb, String s) {
    appendEscaped(sb, s, false);
  }

  static void appendEscaped(StringBuilder sb, String s, boolean escapeColon) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          sb.append(c).append(s.charAt(++i));
        } else {
          // Unpaired: not text. UTF-8 (Redis, the hash of long keys) would make it '?', so that two
          // distinct strings would share a key; %uXXXX keeps every key well-formed and distinct.
          sb.append("%u")
              .append(HEX[(c >> 12) & 0xF])
              .append(HEX[(c >> 8) & 0xF])
              .append(HEX[(c >> 4) & 0xF])
              .append(HEX[c & 0xF]);
        }
      } else if (needsEscape(c) || (escapeColon && c == ':')) {
        sb.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
        if (c > 0xFF) {
          // Only control characters and ASCII separators are escaped; this never happens.
          throw new AssertionError(c);
        }
      } else {
        sb.append(c);
      }
    }
  }

  /**
   * Whether a non-empty string is written as it is (nothing to escape), so a key can be built by
   * plain concatenation.
   *
   * @param s the string
   * @return {@code true} if it has no character that the text form escapes
   */
  static boolean isPlain(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (needsEscape(c) || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean needsEscape(char c) {
    switch (c) {
      case '%', ',', '[', ']', '{', '}', '=', '"', '#':
        return true;
      default:
        return c < 0x20 || c == 0x7F;
    }
  }

  /**
   * The namespace as it appears in keys: {@code :} and the argument separators escaped.
   *
   * @param namespace the namespace
   * @return its text form
   */
  public static String namespace(String namespace) {
    StringBuilder sb = new StringBuilder(namespace.length() + 8);
    appendEscaped(sb, namespace, true);
    return sb.toString();
  }

  private static void appendSorted(StringBuilder sb, Collection<?> elements) {
    List<String> texts = new ArrayList<>(elements.size());
    for (Object element : elements) {
      texts.add(render(element));
    }
    texts.sort(null);
    sb.append('{');
    for (int i = 0; i < texts.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(texts.get(i));
    }
    sb.append('}');
  }

  private static void appendMap(StringBuilder sb, Map<?, ?> map) {
    List<String[]> entries = new ArrayList<>(map.size());
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      entries.add(new String[] {render(entry.getKey()), render(entry.getValue())});
    }
    // by key text, then value text: unequal keys may share a text (1 and 1L), and then the order of
    // their entries must still not depend on the map's iteration order
    entries.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    sb.append('{');
    for (int i = 0; i < entries.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(entries.get(i)[0]).append('=').append(entries.get(i)[1]);
    }
    sb.append('}');
  }

  private static void appendArray(StringBuilder sb, Object array) {
    sb.append('[');
    if (array instanceof Object[] objects) {
      for (int i = 0; i < objects.length; i++) {
        sb.append(i == 0 ? "" : ",");
        append(sb, objects[i]);
      }
    } else if (array instanceof long[] a) {
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(a[i]);
      }
    } else if (array instanceof int[] a) {
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(a[i]);
      }
    } else if (array instanceof short[] a) {
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(a[i]);
      }
    } else if (array instanceof byte[] a) {
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(a[i]);
      }
    } else if (array instanceof boolean[] a) {
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(a[i]);
      }
    } else if (array instanceof double[] a) {
      for (int i = 0; i < a.length; i++) {
        appendDouble(sb.append(i == 0 ? "" : ","), a[i]);
      }
    } else if (array instanceof float[] a) {
      for (int i = 0; i < a.length; i++) {
        appendFloat(sb.append(i == 0 ? "" : ","), a[i]);
      }
    } else if (array instanceof char[] a) {
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",");
        appendString(sb, String.valueOf(a[i]));
      }
    }
    sb.append(']');
  }

  /**
   * Appends a {@code double} as the shortest decimal that reads back as the same value, in the style
   * of {@link Double#toString} ({@code 1.5}, {@code 1.0E23}). Computed with {@code BigDecimal}, not
   * {@code Double.toString}, whose digits changed in JDK 19: keys must be equal on every JDK.
   *
   * @param sb where to append
   * @param value the value
   */
  public static void appendDouble(StringBuilder sb, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      sb.append(value);
    } else if (value == 0) {
      sb.append(Double.doubleToRawLongBits(value) < 0 ? "-0.0" : "0.0");
    } else {
      appendShortest(sb, new BigDecimal(value), 17, rounded -> rounded.doubleValue() == value);
    }
  }

  /**
   * Appends a {@code float} like {@link #appendDouble}: the shortest decimal that reads back as it.
   *
   * @param sb where to append
   * @param value the value
   */
  public static void appendFloat(StringBuilder sb, float value) {
    if (Float.isNaN(value) || Float.isInfinite(value)) {
      sb.append(value);
    } else if (value == 0) {
      sb.append(Float.floatToRawIntBits(value) < 0 ? "-0.0" : "0.0");
    } else {
      appendShortest(sb, new BigDecimal(value), 9, rounded -> rounded.floatValue() == value);
    }
  }

  /** The fewest significant digits (at most {@code maxDigits}) of {@code exact} that read back as it. */
  private static void appendShortest(
      StringBuilder sb, BigDecimal exact, int maxDigits, Predicate<BigDecimal> readsBack) {
    for (int digits = 1; digits <= maxDigits; digits++) {
      BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (readsBack.test(rounded)) {
        appendDecimal(sb, rounded);
        return;
      }
    }
    appendDecimal(sb, exact);
  }

  /** {@code 123.45} for exponents from -3 to 6, {@code 1.2345E10} otherwise, as Double.toString. */
  private static void appendDecimal(StringBuilder sb, BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - stripped.scale();
    if (exponent >= -3 && exponent < 7) {
      String plain = stripped.toPlainString();
      sb.append(plain).append(plain.indexOf('.') < 0 ? ".0" : "");
      return;
    }
    sb.append(stripped.signum() < 0 ? "-" : "")
        .append(digits.charAt(0))
        .append('.')
        .append(digits.length() > 1 ? digits.substring(1) : "0")
        .append('E')
        .append(exponent);
  }

  /** {@code Name(first,last)}: parentheses, so it never reads like a record's own toString. */
  private static void appendRecord(StringBuilder sb, Record record, @Nullable Object[] components) {
    appendEscaped(sb, record.getClass().getSimpleName());
    sb.append('(');
    for (int i = 0; i < components.length; i++) {
      sb.append(i == 0 ? "" : ",");
      append(sb, components[i]);
    }
    sb.append(')');
  }

  private static String render(@Nullable Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  /**
   * Shortens a key longer than {@link #MAX_LENGTH}: a readable head, {@code #}, and the SHA-256 of the
   * whole key in hex. The head always keeps {@code protectedPrefix} characters (the method's prefix),
   * so prefix invalidation still finds the key, and is cut before a surrogate pair, never through it.
   *
   * @param key the full key
   * @param protectedPrefix the length of the method prefix
   * @return the key, shortened if needed
   */
  public static String limit(String key, int protectedPrefix) {
    if (key.length() <= MAX_LENGTH) {
      return key;
    }
    int head = Math.max(MAX_LENGTH - HASH_LENGTH, protectedPrefix);
    if (head > protectedPrefix && Character.isHighSurrogate(key.charAt(head - 1))) {
      head--; // never split a surrogate pair: the head stays well-formed text (and the key 249 long)
    }
    StringBuilder sb = new StringBuilder(head + HASH_LENGTH).append(key, 0, head).append('#');
    for (byte b : sha256(key)) {
      sb.append(LOWER_HEX[(b >> 4) & 0xF]).append(LOWER_HEX[b & 0xF]);
    }
    return sb.toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
