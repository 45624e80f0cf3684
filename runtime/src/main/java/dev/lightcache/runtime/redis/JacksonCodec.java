package dev.lightcache.runtime.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link CacheCodec}: values as JSON, written and read by Jackson 2.
 *
 * <p>Records, JavaBeans, collections, maps, arrays, enums, {@code java.time} values (as ISO-8601 text,
 * zone ids kept) and {@code Optional} work out of the box: the mapper from {@link #newDefaultMapper()}
 * registers Jackson's {@code jsr310} and {@code jdk8} modules. Values decode to the exact {@link
 * ValueType} the proxy passes, nested generics and arrays included, through Jackson's {@code
 * TypeFactory}: a {@code List<Product>} comes back as a list of {@code Product} records.
 *
 * <p>The stored JSON never names a class, and this codec refuses mappers with polymorphic default typing
 * enabled: bytes in Redis cannot make the application instantiate a class of their choosing.
 *
 * <p><b>Strict reads.</b> Decoding yields exactly the requested type or throws {@link IOException}, and
 * {@link DefaultRedisCache} turns that into a miss that deletes the entry: an entry in an older or
 * another shape is never a half-filled value. Whatever mapper the codec holds, it reads through an
 * {@link ObjectReader} with these {@link DeserializationFeature}s enabled: {@code
 * FAIL_ON_MISSING_CREATOR_PROPERTIES} (a record or {@code @JsonCreator} type lacking a property, such
 * as {@code {}}), {@code FAIL_ON_NULL_FOR_PRIMITIVES} ({@code null} for a {@code long}, also in a
 * {@code long[]} or a record component), {@code FAIL_ON_UNKNOWN_PROPERTIES}, {@code
 * FAIL_ON_TRAILING_TOKENS} (anything after the value), {@code FAIL_ON_NUMBERS_FOR_ENUMS}; these
 * disabled: {@code ACCEPT_FLOAT_AS_INT} ({@code 1.5} or {@code 2.0} for an {@code int}), {@code
 * ACCEPT_SINGLE_VALUE_AS_ARRAY}, {@code UNWRAP_SINGLE_VALUE_ARRAYS}, {@code
 * ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT}, {@code ACCEPT_EMPTY_STRING_AS_NULL_OBJECT}, {@code
 * READ_UNKNOWN_ENUM_VALUES_AS_NULL}, {@code READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE}; and the
 * parser's {@link StreamReadFeature#STRICT_DUPLICATE_DETECTION} (a property or map key given twice).
 * A JSON {@code null} under a type without a null representation (anything but {@code Optional} and
 * its kin) fails too. {@code FAIL_ON_NULL_CREATOR_PROPERTIES} is deliberately not enabled: a record
 * component that was {@code null} is written as {@code "name":null} and must read back as {@code null}.
 *
 * <p>Scalar coercions are settings of the mapper, not of a reader: {@link #newDefaultMapper()} refuses
 * a number or boolean for a {@code String} and an empty string for a number, boolean or {@code
 * java.time} value; a mapper passed to {@link #JacksonCodec(ObjectMapper)} keeps its own coercion
 * settings (Jackson's defaults accept those). Text for a number ({@code "42"} for a {@code long}) and
 * a number for a boolean stay accepted, because the annotations {@code @JsonFormat(shape = STRING)}
 * and {@code @JsonFormat(shape = NUMBER)} write exactly that, and the value read back is the one
 * written.
 *
 * <p>What strict reads cannot see: JavaBeans filled through setters (Jackson cannot tell a property
 * that was absent, so an older bean shape decodes with defaults; use records or a {@code @JsonCreator}
 * constructor for cached types); a {@code null} element in a list, map or array of references (encode
 * writes one for a list that holds {@code null}); a {@code byte} from 128 to 255 (Jackson reads it as
 * an unsigned byte). Records and creator-built types that the annotation {@code @JsonInclude} makes
 * leave out null or empty properties do not decode when one is left out (those entries are misses,
 * counted in {@link DefaultRedisCache#corruptEntryCount()}), and neither do enums that the annotation
 * {@code @JsonFormat(shape = NUMBER)} writes as numbers ({@code @JsonValue} on an {@code int} works).
 * Bump {@code @Cached(version)} when a cached type changes shape.
 *
 * <p>{@link NullValue#INSTANCE} is stored as zero bytes, which no JSON document is, so a cached {@code
 * null}, a JSON {@code null} (an empty {@code Optional}) and a miss stay distinct.
 *
 * <p>Thread-safe, like the {@code ObjectMapper} it holds (which must not be reconfigured after it is
 * handed over).
 */
public final class JacksonCodec implements CacheCodec {

  private static final byte[] NULL_VALUE = new byte[0];

  /** Reading features every decode enables, whatever the mapper's settings. */
  private static final DeserializationFeature[] STRICT_FEATURES = {
    DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
    DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
    DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
    DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
  };

  /** Reading features every decode disables, whatever the mapper's settings. */
  private static final DeserializationFeature[] LENIENT_FEATURES = {
    DeserializationFeature.ACCEPT_FLOAT_AS_INT,
    DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
    DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS,
    DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT,
    DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT,
    DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL,
    DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE,
  };

  private final ObjectMapper mapper;
  private final ObjectReader strictReader;
  private final ConcurrentHashMap<ValueType<?>, ObjectReader> readers = new ConcurrentHashMap<>();

  /** A codec with the mapper of {@link #newDefaultMapper()}. */
  public JacksonCodec() {
    this(newDefaultMapper());
  }

  /**
   * A codec using {@code mapper}, for applications that register their own modules. Start from {@link
   * #newDefaultMapper()} to keep {@code java.time} and {@code Optional} support.
   *
   * <p>Decoding is strict with this mapper too (see the class description): the codec reads through
   * an {@link ObjectReader} with the strict features set, whatever the mapper's own feature settings.
   * Scalar coercions stay the mapper's choice.
   *
   * @param mapper the mapper
   * @throws IllegalArgumentException if the mapper has polymorphic default typing enabled, or if it
   *     leaves out properties by default ({@code NON_NULL}, {@code NON_ABSENT}, {@code NON_EMPTY},
   *     {@code NON_DEFAULT}, {@code CUSTOM} inclusion): a strict read could not tell a property left
   *     out from a missing one, so every entry with one would be a miss
   */
  public JacksonCodec(ObjectMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    if (mapper.getDeserializationConfig().getDefaultTyper(mapper.constructType(Object.class)) != null) {
      throw new IllegalArgumentException(
          "the ObjectMapper has default typing enabled: cached JSON could then name any class to"
              + " instantiate. Use a mapper without activateDefaultTyping/enableDefaultTyping.");
    }
    JsonInclude.Include inclusion =
        mapper.getSerializationConfig().getDefaultPropertyInclusion().getValueInclusion();
    if (inclusion != JsonInclude.Include.ALWAYS && inclusion != JsonInclude.Include.USE_DEFAULTS) {
      throw new IllegalArgumentException(
          "the ObjectMapper leaves out properties (inclusion " + inclusion + "): JacksonCodec reads"
              + " strictly and would take every entry with a property left out for a corrupt one."
              + " Use a mapper with JsonInclude.Include.ALWAYS, such as JacksonCodec.newDefaultMapper().");
    }
    this.mapper = mapper;
    this.strictReader =
        mapper
            .reader()
            .withFeatures(STRICT_FEATURES)
            .withoutFeatures(LENIENT_FEATURES)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * A new mapper with the settings this codec uses by default: the {@code jsr310} and {@code jdk8}
   * modules, dates and durations as ISO-8601 text with their zone ids, zones kept when reading (not
   * adjusted to UTC), the strict reading features of the class description, and these coercions
   * refused: an integer, a floating-point number or a boolean for a {@code String} ({@link
   * LogicalType#Textual}), and an empty string for a number ({@link LogicalType#Integer}, {@link
   * LogicalType#Float}), a {@link LogicalType#Boolean} or a {@code java.time} value ({@link
   * LogicalType#DateTime}). Callers may register more modules before passing it to {@link
   * #JacksonCodec(ObjectMapper)}.
   *
   * @return a new mapper
   */
  public static ObjectMapper newDefaultMapper() {
    JsonMapper.Builder builder =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(STRICT_FEATURES)
            .disable(LENIENT_FEATURES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(
                LogicalType.Textual,
                config ->
                    config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    // Not for every type: Locale.ROOT and an empty URI are written as "" and must read back.
    for (LogicalType type :
        List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.DateTime)) {
      builder.withCoercionConfig(
          type, config -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
    }
    return builder.build();
  }

  @Override
  public byte[] encode(Object value) throws IOException {
    Objects.requireNonNull(value, "value");
    if (value == NullValue.INSTANCE) {
      return NULL_VALUE;
    }
    return mapper.writeValueAsBytes(value);
  }

  @Override
  public Object decode(byte[] bytes, ValueType<?> type) throws IOException {
    if (bytes.length == 0) {
      return NullValue.INSTANCE;
    }
    Object value;
    try {
      value = reader(type).readValue(bytes);
    } catch (RuntimeException e) {
      // A creator or a custom deserializer that threw something Jackson did not wrap.
      throw new IOException("the entry does not decode as " + type + ": " + e, e);
    }
    if (value == null) {
      // JSON null for a type without a null representation: not something encode() wrote for it.
      throw new IOException("the entry is JSON null, which is not a " + type);
    }
    return value;
  }

  private ObjectReader reader(ValueType<?> type) {
    ObjectReader cached = readers.get(type);
    if (cached != null) {
      return cached;
    }
    ObjectReader built = strictReader.forType(build(mapper.getTypeFactory(), type));
    ObjectReader raced = readers.putIfAbsent(type, built);
    return raced != null ? raced : built;
  }

  private static JavaType build(TypeFactory factory, ValueType<?> type) {
    if (type.isArray()) {
      return factory.constructArrayType(build(factory, type.componentType()));
    }
    List<ValueType<?>> arguments = type.typeArguments();
    if (arguments.isEmpty()) {
      return factory.constructType(type.rawType());
    }
    JavaType[] parameters = new JavaType[arguments.size()];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = build(factory, arguments.get(i));
    }
    return factory.constructParametricType(type.rawType(), parameters);
  }

  @Override
  public String toString() {
    return "JacksonCodec";
  }
}
