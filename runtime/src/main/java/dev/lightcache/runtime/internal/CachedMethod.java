package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.ValueType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The static description of one cached method: its key prefix, expiration, value type and null policy.
 * Immutable; generated code holds one per cached method in a constant.
 */
public final class CachedMethod {

  private final Endpoint endpoint;
  private final String signature;
  private final String name;
  private final String verb;
  private final int index;
  /** A hash for keys, fixed once: cheaper on every hit than the identity hash of this object. */
  final int hash;
  private final String keyPrefix;
  private final Duration expiration;
  private final long expirationNanos;
  private final boolean cacheNulls;
  private final int keyArity;
  private final ValueType<?> valueType;
  private final Key noArguments;
  private final @Nullable Predicate<Object> storable;
  /** Whether the one warning about a backend that cannot keep this method's responses was given. */
  final AtomicBoolean warnedUnstorable = new AtomicBoolean();

  private CachedMethod(Builder builder, ValueType<?> valueType) {
    this.endpoint = builder.endpoint;
    this.signature = builder.signature;
    this.name = nameOf(builder.signature);
    this.verb = builder.verb;
    this.keyPrefix = endpoint.keyPrefix() + signature;
    this.expiration = builder.expiration;
    this.expirationNanos = saturatedNanos(builder.expiration);
    this.cacheNulls = builder.cacheNulls;
    this.keyArity = builder.keyArity;
    this.valueType = valueType;
    this.storable = builder.storable;
    this.hash = System.identityHashCode(this);
    this.noArguments = new Key.NoArguments(this);
    this.index = endpoint.register(signature);
    endpoint.register(this);
  }

  static String nameOf(String signature) {
    int paren = signature.indexOf('(');
    return paren < 0 ? signature : signature.substring(0, paren);
  }

  /**
   * The prefix of every key of this method, and the text key of a call without key arguments.
   *
   * @return the prefix
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * The key of a call without key arguments.
   *
   * @return the key
   */
  public Key key() {
    return noArguments;
  }

  /**
   * The key of a call with one integral key argument ({@code long}, {@code int}, ...).
   *
   * @param value the argument
   * @return the key
   */
  public Key key(long value) {
    return new Key.OfLong(this, value);
  }

  /**
   * The key of a call with one key argument.
   *
   * @param value the argument
   * @return the key
   */
  public Key key(@Nullable Object value) {
    if (Key.isIntegral(value)) {
      return new Key.OfLong(this, ((Number) value).longValue());
    }
    if (Key.isImmutable(value)) {
      return new Key.OfValue(this, value);
    }
    return new Key.OfText(this, newKey().add(value).build());
  }

  /**
   * The key of a call with two key arguments.
   *
   * @param first the first argument
   * @param second the second argument
   * @return the key
   */
  public Key key(@Nullable Object first, @Nullable Object second) {
    if (Key.isImmutable(first) && Key.isImmutable(second)) {
      return new Key.OfTwo(this, first, second);
    }
    return new Key.OfText(this, text(first, second));
  }

  /**
   * The key of a call with three key arguments.
   *
   * @param first the first argument
   * @param second the second argument
   * @param third the third argument
   * @return the key
   */
  public Key key(@Nullable Object first, @Nullable Object second, @Nullable Object third) {
    if (Key.isImmutable(first) && Key.isImmutable(second) && Key.isImmutable(third)) {
      return new Key.OfThree(this, first, second, third);
    }
    return new Key.OfText(this, text(first, second, third));
  }

  /**
   * The key of a call with several key arguments, in order.
   *
   * @param values the arguments
   * @return the key
   */
  public Key key(@Nullable Object... values) {
    if (values.length == 0) {
      return noArguments;
    }
    if (values.length == 1) {
      return key(values[0]);
    }
    if (values.length == 2) {
      return key(values[0], values[1]);
    }
    if (values.length == 3) {
      return key(values[0], values[1], values[2]);
    }
    for (Object value : values) {
      if (!Key.isImmutable(value)) {
        return new Key.OfText(this, text(values));
      }
    }
    return new Key.OfValues(this, values);
  }

  /** The text key of a call: the prefix, then each argument as {@link KeyBuilder} writes it. */
  String text(@Nullable Object... arguments) {
    KeyBuilder text = newKey();
    for (Object argument : arguments) {
      text.add(argument);
    }
    return text.build();
  }

  /** Builds a key object from boxed arguments, checking their number. */
  Key keyFor(@Nullable Object[] arguments) {
    checkArity(arguments);
    return key(arguments);
  }

  private void checkArity(@Nullable Object[] arguments) {
    if (arguments.length != keyArity) {
      throw new IllegalArgumentException(
          signature + " has " + keyArity + " key parameters, got " + arguments.length + " arguments");
    }
  }

  /**
   * Starts the key of a call with key arguments.
   *
   * @return a key builder; add each key argument in order, then {@link KeyBuilder#build()}
   */
  public KeyBuilder newKey() {
    return new KeyBuilder(keyPrefix);
  }

  /** Builds a key from boxed arguments: the same text as {@link #newKey()} with each one added. */
  String keyOf(Object[] arguments) {
    checkArity(arguments);
    return text(arguments);
  }

  /** The endpoint. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** The signature, such as {@code get(long)}. */
  public String signature() {
    return signature;
  }

  /** The name, such as {@code get}. */
  public String name() {
    return name;
  }

  /** The HTTP verb, or {@code ""}. */
  public String verb() {
    return verb;
  }

  /** The slot of this method's counters. */
  int index() {
    return index;
  }

  /** Time to live of each entry. */
  public Duration expiration() {
    return expiration;
  }

  /** Time to live of each entry, in nanoseconds (saturated for absurdly long expirations). */
  long expirationNanos() {
    return expirationNanos;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Whether null results are cached. */
  public boolean cacheNulls() {
    return cacheNulls;
  }

  /**
   * Whether a cached null is a valid entry of this method: nulls are cached and the method can return
   * one (a primitive return cannot).
   */
  boolean nullable() {
    return cacheNulls && !valueType.rawType().isPrimitive();
  }

  /**
   * Whether results carry a status ({@code ResponseEntity}, {@code retrofit2.Response}, ...): they are
   * stored only when successful, and only by a backend that keeps objects as they are.
   */
  boolean isResponse() {
    return storable != null;
  }

  /** Whether a result may be stored: any result, or for responses only a successful one. */
  boolean isStorable(Object result) {
    return storable == null || storable.test(result);
  }

  /** The type of the stored value (for {@code Optional<T>} and futures: {@code T}). */
  public ValueType<?> valueType() {
    return valueType;
  }

  @Override
  public String toString() {
    return keyPrefix;
  }

  /** Describes a cached method; {@link #returning} ends the description. */
  public static final class Builder {
    private final Endpoint endpoint;
    private final String signature;
    private String verb = "";
    private Duration expiration = Duration.ofMinutes(5);
    private boolean cacheNulls;
    private int keyArity;
    private @Nullable Predicate<Object> storable;

    Builder(Endpoint endpoint, String signature) {
      this.endpoint = endpoint;
      this.signature = Objects.requireNonNull(signature, "signature");
    }

    /** The HTTP verb the method was recognised by, for statistics and invocations. */
    public Builder verb(String verb) {
      this.verb = Objects.requireNonNull(verb, "verb");
      return this;
    }

    /** Time to live of each entry, in seconds. */
    public Builder expireAfterSeconds(long seconds) {
      if (seconds <= 0) {
        throw new IllegalArgumentException("expiration must be positive, was " + seconds);
      }
      this.expiration = Duration.ofSeconds(seconds);
      return this;
    }

    /** Caches null results and empty optionals. */
    public Builder cacheNulls() {
      this.cacheNulls = true;
      return this;
    }

    /**
     * The method returns responses that carry a status: only those that {@code successful} accepts
     * (a 2xx status) are stored, and only by a backend that keeps objects as they are (a serialising
     * backend would not restore them faithfully, so there the method is not cached).
     *
     * @param type the response type
     * @param successful whether a response may be cached
     * @param <R> the response type
     * @return this builder
     */
    @SuppressWarnings("unchecked")
    public <R> Builder storesOnly(Class<R> type, Predicate<? super R> successful) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(successful, "successful");
      this.storable = result -> type.isInstance(result) && successful.test((R) result);
      return this;
    }

    /** The number of key parameters. */
    public Builder keyParameters(int count) {
      this.keyArity = count;
      return this;
    }

    /**
     * Ends the description and registers the method with its endpoint.
     *
     * @param valueType the type of the stored value
     * @return the method
     */
    public CachedMethod returning(ValueType<?> valueType) {
      return new CachedMethod(this, Objects.requireNonNull(valueType, "valueType"));
    }
  }
}
