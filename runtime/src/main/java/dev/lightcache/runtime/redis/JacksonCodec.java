package dev.lightcache.runtime.redis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * enabled: bytes in Redis cannot make the application instantiate a class of their choosing. Unknown
 * properties fail decoding, so an entry written in an older shape is a miss (and is deleted) rather
 * than a half-filled object; bump {@code @Cached(version)} when a cached type changes shape.
 *
 * <p>{@link NullValue#INSTANCE} is stored as zero bytes, which no JSON document is, so a cached {@code
 * null}, a JSON {@code null} (an empty {@code Optional}) and a miss stay distinct.
 *
 * <p>Thread-safe, like the {@code ObjectMapper} it holds (which must not be reconfigured after it is
 * handed over).
 */
public final class JacksonCodec implements CacheCodec {

  private static final byte[] NULL_VALUE = new byte[0];

  private final ObjectMapper mapper;
  private final ConcurrentHashMap<ValueType<?>, JavaType> javaTypes = new ConcurrentHashMap<>();

  /** A codec with the mapper of {@link #newDefaultMapper()}. */
  public JacksonCodec() {
    this(newDefaultMapper());
  }

  /**
   * A codec using {@code mapper}, for applications that register their own modules. Start from {@link
   * #newDefaultMapper()} to keep {@code java.time} and {@code Optional} support.
   *
   * @param mapper the mapper
   * @throws IllegalArgumentException if the mapper has polymorphic default typing enabled
   */
  public JacksonCodec(ObjectMapper mapper) {
    Objects.requireNonNull(mapper, "mapper");
    if (mapper.getDeserializationConfig().getDefaultTyper(mapper.constructType(Object.class)) != null) {
      throw new IllegalArgumentException(
          "the ObjectMapper has default typing enabled: cached JSON could then name any class to"
              + " instantiate. Use a mapper without activateDefaultTyping/enableDefaultTyping.");
    }
    this.mapper = mapper;
  }

  /**
   * A new mapper with the settings this codec uses by default: the {@code jsr310} and {@code jdk8}
   * modules, dates and durations as ISO-8601 text with their zone ids, zones kept when reading (not
   * adjusted to UTC), unknown properties failing. Callers may register more modules before passing it
   * to {@link #JacksonCodec(ObjectMapper)}.
   *
   * @return a new mapper
   */
  public static ObjectMapper newDefaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .build();
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
    Object value = mapper.readValue(bytes, javaType(type));
    if (value == null) {
      // JSON null for a type without a null representation: not something encode() wrote for it.
      throw new IOException("the entry is JSON null, which is not a " + type);
    }
    return value;
  }

  private JavaType javaType(ValueType<?> type) {
    JavaType cached = javaTypes.get(type);
    if (cached != null) {
      return cached;
    }
    JavaType built = build(mapper.getTypeFactory(), type);
    javaTypes.putIfAbsent(type, built);
    return built;
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
