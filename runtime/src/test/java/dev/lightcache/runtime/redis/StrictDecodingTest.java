package dev.lightcache.runtime.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that {@link JacksonCodec#encode} never writes for a type do not decode as that type: each
 * corrupt form below throws {@link IOException}, which {@link DefaultRedisCache} turns into a miss.
 */
class StrictDecodingTest {

  record Item(long id, String name, int qty) {}

  record Stamped(Optional<String> note, Instant at) {}

  enum Colour {
    RED,
    GREEN
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Terse(long id, String name) {}

  record Painted(@JsonFormat(shape = JsonFormat.Shape.NUMBER) Colour colour) {}

  static final ValueType<Item> ITEM = ValueType.of(Item.class);
  static final ValueType<List<Item>> ITEMS = ValueType.of(List.class, ITEM);
  static final ValueType<Stamped> STAMPED = ValueType.of(Stamped.class);

  private final JacksonCodec codec = new JacksonCodec();

  /** Corrupt forms that fail whatever mapper the codec was given. */
  static Stream<Arguments> corruptEntries() {
    return Stream.of(
        corrupt("empty object for a record", "{}", ITEM),
        corrupt("older shape missing a field", "{\"id\":1,\"name\":\"x\"}", ITEM),
        corrupt("older shape missing an Optional component", "{\"at\":\"2024-01-01T00:00:00Z\"}", STAMPED),
        corrupt("null for a primitive component", "{\"id\":null,\"name\":\"x\",\"qty\":1}", ITEM),
        corrupt("JSON null under long", "null", ValueType.of(long.class)),
        corrupt("JSON null under int", "null", ValueType.of(int.class)),
        corrupt("JSON null under boolean", "null", ValueType.of(boolean.class)),
        corrupt("JSON null under Long", "null", ValueType.of(Long.class)),
        corrupt("JSON null under a record", "null", ITEM),
        corrupt("null in a long[]", "[1,null,3]", ValueType.arrayOf(ValueType.of(long.class))),
        corrupt("null in an int[]", "[null]", ValueType.arrayOf(ValueType.of(int.class))),
        corrupt(
            "record with a null primitive inside a list",
            "[{\"id\":1,\"name\":\"a\",\"qty\":1},{\"id\":2,\"name\":\"b\",\"qty\":null}]",
            ITEMS),
        corrupt("array for a record", "[1,\"x\",2]", ITEM),
        corrupt("object for a list", "{\"id\":1,\"name\":\"x\",\"qty\":2}", ITEMS),
        corrupt("string for a record", "\"{}\"", ITEM),
        corrupt("fraction for a long", "1.5", ValueType.of(long.class)),
        corrupt("float with a zero fraction for an int", "{\"id\":1,\"name\":\"x\",\"qty\":2.0}", ITEM),
        corrupt("int out of range", "3000000000", ValueType.of(int.class)),
        corrupt("single value for an array", "1", ValueType.arrayOf(ValueType.of(int.class))),
        corrupt("single value for a list", "{\"id\":1,\"name\":\"x\",\"qty\":2}", ITEMS),
        corrupt("one-element array for a scalar", "[1]", ValueType.of(int.class)),
        corrupt("empty array for a record", "[]", ITEM),
        corrupt("empty string for a record", "\"\"", ITEM),
        corrupt("number for an enum", "1", ValueType.of(Colour.class)),
        corrupt("unknown enum constant", "\"BLUE\"", ValueType.of(Colour.class)),
        corrupt("enum constant in another case", "\"red\"", ValueType.of(Colour.class)),
        corrupt("unknown property", "{\"id\":1,\"name\":\"x\",\"qty\":2,\"extra\":0}", ITEM),
        corrupt("duplicate property", "{\"id\":1,\"id\":2,\"name\":\"x\",\"qty\":2}", ITEM),
        corrupt("duplicate map key", "{\"a\":1,\"a\":2}", ValueType.of(Map.class, ValueType.of(String.class), ValueType.of(Integer.class))),
        corrupt("trailing garbage", "{\"id\":1,\"name\":\"x\",\"qty\":2} x", ITEM),
        corrupt("two documents", "{\"id\":1,\"name\":\"x\",\"qty\":2}{\"id\":1,\"name\":\"x\",\"qty\":2}", ITEM),
        corrupt("two numbers", "42 43", ValueType.of(long.class)),
        corrupt("trailing garbage after an untyped value", "[1] ]", ValueType.of(Object.class)),
        corrupt("truncated", "{\"id\":1,\"name\":\"x\",\"qty\"", ITEM),
        corrupt("whitespace only", " \n", ITEM),
        corrupt("not UTF-8", new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}, ValueType.of(String.class)));
  }

  /**
   * Scalars of another JSON type that Jackson coerces unless the mapper's coercion settings forbid it:
   * {@link JacksonCodec#newDefaultMapper()} forbids them.
   */
  static Stream<Arguments> coercions() {
    return Stream.of(
        corrupt("number for a String component", "{\"id\":1,\"name\":5,\"qty\":1}", ITEM),
        corrupt("boolean for a String", "true", ValueType.of(String.class)),
        corrupt("empty string for a long", "\"\"", ValueType.of(long.class)),
        corrupt("empty string for a Long", "\"\"", ValueType.of(Long.class)),
        corrupt("empty string for a Boolean", "\"\"", ValueType.of(Boolean.class)),
        corrupt("empty string for an Instant", "{\"note\":null,\"at\":\"\"}", STAMPED));
  }

  static Stream<Arguments> allCorruptForms() {
    return Stream.concat(corruptEntries(), coercions());
  }

  private static Arguments corrupt(String form, String json, ValueType<?> type) {
    return corrupt(form, json.getBytes(UTF_8), type);
  }

  private static Arguments corrupt(String form, byte[] bytes, ValueType<?> type) {
    return Arguments.of(form, bytes, type);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCorruptForms")
  void corruptFormsDoNotDecode(String form, byte[] bytes, ValueType<?> type) {
    assertThrows(IOException.class, () -> codec.decode(bytes, type), form);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptEntries")
  void corruptFormsDoNotDecodeWithALenientMapperOfTheCallers(
      String form, byte[] bytes, ValueType<?> type) {
    // The codec reads through a reader with the strict features set, whatever the mapper says.
    JsonMapper lenient =
        JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .enable(DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT)
            .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .build();
    JacksonCodec codecOfTheCaller = new JacksonCodec(lenient);

    assertThrows(IOException.class, () -> codecOfTheCaller.decode(bytes, type), form);
  }

  @Test
  void coercionsFollowTheCallersMapper() throws IOException {
    JacksonCodec plain = new JacksonCodec(JsonMapper.builder().findAndAddModules().build());
    byte[] numberAsName = "{\"id\":1,\"name\":5,\"qty\":1}".getBytes(UTF_8);

    assertEquals(new Item(1, "5", 1), plain.decode(numberAsName, ITEM));
    assertThrows(IOException.class, () -> codec.decode(numberAsName, ITEM));
  }

  @Test
  void theMessageNamesWhatIsMissing() {
    IOException e =
        assertThrows(IOException.class, () -> codec.decode("{\"id\":1,\"name\":\"x\"}".getBytes(UTF_8), ITEM));

    assertTrue(e.getMessage().contains("qty"), e.getMessage());
  }

  @Test
  void refusesMappersThatLeaveOutProperties() {
    for (JsonInclude.Include include :
        List.of(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_ABSENT,
            JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_DEFAULT)) {
      JsonMapper leaving =
          JsonMapper.builder()
              .serializationInclusion(include)
              .build();

      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new JacksonCodec(leaving), include.name());
      assertTrue(e.getMessage().contains(include.name()), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- documented limits

  @Test
  void recordsThatLeaveOutNullPropertiesDoNotDecodeWhenOneIsLeftOut() throws IOException {
    // @JsonInclude(NON_NULL) on the type: a null name is not written, and a strict read cannot tell
    // it from an older shape. Such entries are misses; the codec's javadoc says so.
    assertEquals(new Terse(1, "x"), codec.decode(codec.encode(new Terse(1, "x")), ValueType.of(Terse.class)));
    byte[] leftOut = codec.encode(new Terse(1, null));

    assertEquals("{\"id\":1}", new String(leftOut, UTF_8));
    assertThrows(IOException.class, () -> codec.decode(leftOut, ValueType.of(Terse.class)));
  }

  @Test
  void enumsWrittenAsNumbersDoNotDecode() throws IOException {
    byte[] ordinal = codec.encode(new Painted(Colour.GREEN));

    assertEquals("{\"colour\":1}", new String(ordinal, UTF_8));
    assertThrows(IOException.class, () -> codec.decode(ordinal, ValueType.of(Painted.class)));
  }

  @Test
  void unsignedBytesAreNotDetected() throws IOException {
    // Jackson reads 128..255 as an unsigned byte; encode writes (byte) -56 as -56, never as 200.
    assertEquals((byte) -56, codec.decode("200".getBytes(UTF_8), ValueType.of(byte.class)));
    assertThrows(IOException.class, () -> codec.decode("256".getBytes(UTF_8), ValueType.of(byte.class)));
  }
}
