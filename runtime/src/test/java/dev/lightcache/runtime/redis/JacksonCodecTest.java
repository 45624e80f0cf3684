package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JacksonCodecTest {

  private static final ValueType<Product> PRODUCT = ValueType.of(Product.class);

  private final JacksonCodec codec = new JacksonCodec();

  private Object roundTrip(Object value, ValueType<?> type) throws IOException {
    return codec.decode(codec.encode(value), type);
  }

  @Test
  void recordsWithJavaTimeAndOptionalRoundTrip() throws IOException {
    Product product = Product.of(42, "Dune");

    assertEquals(product, roundTrip(product, PRODUCT));
  }

  @Test
  void datesAreReadableTextThatKeepsTheirZone() throws IOException {
    record Times(
        ZonedDateTime zoned, OffsetDateTime offset, LocalDateTime local, Duration duration, UUID id) {}
    Times times =
        new Times(
            ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
            OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(-5)),
            LocalDateTime.of(2024, 1, 1, 12, 0),
            Duration.ofMillis(1500),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));

    byte[] json = codec.encode(times);

    assertEquals(times, codec.decode(json, ValueType.of(Times.class)));
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(text.contains("[Europe/Paris]"), text);
    assertTrue(text.contains("\"PT1.5S\""), text);
  }

  @Test
  void listOfRecordsDecodesToRecordsNotMaps() throws IOException {
    List<Product> products = List.of(Product.of(1, "a"), Product.of(2, "b"));

    Object decoded = roundTrip(products, ValueType.of(List.class, PRODUCT));

    List<?> list = assertInstanceOf(List.class, decoded);
    assertInstanceOf(Product.class, list.get(0));
    assertEquals(products, list);
  }

  @Test
  void nestedGenericsDecodeExactly() throws IOException {
    Map<String, List<Optional<Product>>> value =
        Map.of("x", List.of(Optional.of(Product.of(1, "a")), Optional.empty()));
    ValueType<Map<String, List<Optional<Product>>>> type =
        ValueType.of(
            Map.class,
            ValueType.of(String.class),
            ValueType.of(List.class, ValueType.of(Optional.class, PRODUCT)));

    Object decoded = roundTrip(value, type);

    assertEquals(value, decoded);
    Object first = ((Map<?, ?>) decoded).get("x");
    Optional<?> element = assertInstanceOf(Optional.class, ((List<?>) first).get(0));
    assertInstanceOf(Product.class, element.orElseThrow());
  }

  @Test
  void arraysDecodeToTheirComponentType() throws IOException {
    Product[] products = {Product.of(1, "a"), Product.of(2, "b")};
    int[] numbers = {3, 1, 2};
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<Product>[] lists = new List[] {List.of(Product.of(3, "c"))};

    assertArrayEquals(products, (Product[]) roundTrip(products, ValueType.arrayOf(PRODUCT)));
    assertArrayEquals(
        numbers, (int[]) roundTrip(numbers, ValueType.arrayOf(ValueType.of(int.class))));
    Object decoded = roundTrip(lists, ValueType.arrayOf(ValueType.of(List.class, PRODUCT)));
    List<?>[] decodedLists = assertInstanceOf(List[].class, decoded);
    assertInstanceOf(Product.class, decodedLists[0].get(0));
  }

  @Test
  void primitivesAndStringsRoundTrip() throws IOException {
    assertEquals(42L, roundTrip(42L, ValueType.of(long.class)));
    assertEquals("text \"quoted\"", roundTrip("text \"quoted\"", ValueType.of(String.class)));
    assertEquals(Product.Category.GAMES, roundTrip(Product.Category.GAMES, ValueType.of(Product.Category.class)));
  }

  @Test
  void cachedNullRoundTripsForAnyTypeAndIsNotJson() throws IOException {
    byte[] bytes = codec.encode(NullValue.INSTANCE);

    assertEquals(0, bytes.length);
    assertSame(NullValue.INSTANCE, codec.decode(bytes, PRODUCT));
    assertSame(NullValue.INSTANCE, codec.decode(bytes, ValueType.of(Optional.class, PRODUCT)));
  }

  @Test
  void emptyOptionalStaysDistinctFromCachedNull() throws IOException {
    ValueType<Optional<String>> optional = ValueType.of(Optional.class, ValueType.of(String.class));

    assertEquals(Optional.empty(), roundTrip(Optional.empty(), optional));
    assertEquals(Optional.of("x"), roundTrip(Optional.of("x"), optional));
  }

  @Test
  void untypedReadsGiveJsonShapes() throws IOException {
    Object decoded = roundTrip(Product.of(7, "g"), ValueType.of(Object.class));

    Map<?, ?> map = assertInstanceOf(Map.class, decoded);
    assertEquals("g", map.get("name"));
  }

  @Test
  void theJsonNamesNoClass() throws IOException {
    String json = new String(codec.encode(List.of(Product.of(1, "a"))), StandardCharsets.UTF_8);

    assertFalse(json.contains(Product.class.getName()), json);
    assertFalse(json.contains("@class"), json);
  }

  @Test
  void refusesMappersWithDefaultTyping() {
    JsonMapper typed =
        JsonMapper.builder()
            .activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build())
            .build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new JacksonCodec(typed));
    assertTrue(e.getMessage().contains("default typing"), e.getMessage());
  }

  @Test
  void entriesOfAnotherShapeOrGarbageDoNotDecode() {
    byte[] otherShape = "{\"id\":1,\"title\":\"renamed field\"}".getBytes(StandardCharsets.UTF_8);
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    byte[] jsonNull = "null".getBytes(StandardCharsets.UTF_8);

    assertThrows(IOException.class, () -> codec.decode(otherShape, PRODUCT));
    assertThrows(IOException.class, () -> codec.decode(garbage, PRODUCT));
    assertThrows(IOException.class, () -> codec.decode(jsonNull, PRODUCT));
  }

  // ------------------------------------------------------------ what encode writes decodes (strict reads)

  record Item(long id, String name, int qty) {}

  record Sparse(String name, Optional<String> note, Instant at, List<String> tags, Integer count, Item item) {}

  /** A JavaBean: Jackson fills it through setters, not a creator. */
  public static final class Bean {
    private long id;
    private String name;

    public long getId() {
      return id;
    }

    public void setId(long id) {
      this.id = id;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  record StringId(@JsonFormat(shape = JsonFormat.Shape.STRING) long id) {}

  record NumericFlag(@JsonFormat(shape = JsonFormat.Shape.NUMBER) boolean on) {}

  record Code(@JsonValue String text) {
    @JsonCreator
    static Code of(String text) {
      return new Code(text);
    }
  }

  enum Level {
    LOW(10),
    HIGH(20);

    private final int value;

    Level(int value) {
      this.value = value;
    }

    @JsonValue
    int value() {
      return value;
    }
  }

  @Test
  void recordsWithNullReferenceComponentsRoundTrip() throws IOException {
    Sparse sparse = new Sparse(null, Optional.empty(), null, null, null, null);
    Sparse full =
        new Sparse("n", Optional.of("x"), Instant.EPOCH, List.of("a"), 3, new Item(1, null, 2));

    assertEquals(sparse, roundTrip(sparse, ValueType.of(Sparse.class)));
    assertEquals(full, roundTrip(full, ValueType.of(Sparse.class)));
  }

  @Test
  void everyPrimitiveAndItsBoxRoundTrips() throws IOException {
    Object[][] values = {
      {true, boolean.class, Boolean.class},
      {(byte) -56, byte.class, Byte.class},
      {(short) -300, short.class, Short.class},
      {'x', char.class, Character.class},
      {Integer.MIN_VALUE, int.class, Integer.class},
      {Long.MAX_VALUE, long.class, Long.class},
      {1.1f, float.class, Float.class},
      {0.1 + 0.2, double.class, Double.class},
      {0.0, double.class, Double.class},
      {Double.NaN, double.class, Double.class},
      {Double.NEGATIVE_INFINITY, double.class, Double.class},
      {Float.POSITIVE_INFINITY, float.class, Float.class},
    };
    for (Object[] row : values) {
      assertEquals(row[0], roundTrip(row[0], ValueType.of((Class<?>) row[1])), row[1].toString());
      assertEquals(row[0], roundTrip(row[0], ValueType.of((Class<?>) row[2])), row[2].toString());
    }
  }

  @Test
  void scalarsWrittenAsTextOrEmptyRoundTrip() throws IOException {
    Object[] values = {
      "", new BigDecimal("19.90"), new BigDecimal("42"), new BigDecimal("1E+3"),
      new BigInteger("123456789012345678901234567890"), Locale.ROOT, Locale.CANADA_FRENCH,
      URI.create(""), URI.create("https://example.com/a?b"), UUID.randomUUID(),
      Duration.ZERO, Instant.EPOCH, Level.HIGH, new StringId(42), new NumericFlag(true), new NumericFlag(false),
      new Code(""), new Code("c")
    };
    for (Object value : values) {
      assertEquals(value, roundTrip(value, ValueType.of(value.getClass())), value.getClass().getName());
    }
    ValueType<byte[]> bytes = ValueType.arrayOf(ValueType.of(byte.class));
    assertArrayEquals(new byte[0], (byte[]) roundTrip(new byte[0], bytes));
    assertArrayEquals(new byte[] {1, 2, (byte) 255}, (byte[]) roundTrip(new byte[] {1, 2, (byte) 255}, bytes));
    assertArrayEquals(new char[] {'a', 'b'},
        (char[]) roundTrip(new char[] {'a', 'b'}, ValueType.arrayOf(ValueType.of(char.class))));
  }

  @Test
  void optionalsRoundTripEmptyAndPresent() throws IOException {
    ValueType<Optional<Item>> optionalItem = ValueType.of(Optional.class, ValueType.of(Item.class));

    assertEquals(Optional.empty(), roundTrip(Optional.empty(), optionalItem));
    assertEquals(Optional.of(new Item(1, "a", 2)), roundTrip(Optional.of(new Item(1, "a", 2)), optionalItem));
    assertEquals(OptionalLong.empty(), roundTrip(OptionalLong.empty(), ValueType.of(OptionalLong.class)));
    assertEquals(OptionalLong.of(7), roundTrip(OptionalLong.of(7), ValueType.of(OptionalLong.class)));
  }

  @Test
  void collectionsHoldingNullsRoundTrip() throws IOException {
    // A list or map may hold null: encode writes it as JSON null, so a null element is exact.
    List<Item> items = Arrays.asList(new Item(1, "a", 2), null);
    Map<Long, String> names = new HashMap<>();
    names.put(1L, null);
    names.put(-2L, "b");
    List<Long> longs = new ArrayList<>(Arrays.asList(1L, null));
    Long[] boxed = {null, 3L};

    assertEquals(items, roundTrip(items, ValueType.of(List.class, ValueType.of(Item.class))));
    assertEquals(names,
        roundTrip(names, ValueType.of(Map.class, ValueType.of(Long.class), ValueType.of(String.class))));
    assertEquals(longs, roundTrip(longs, ValueType.of(List.class, ValueType.of(Long.class))));
    assertArrayEquals(boxed, (Long[]) roundTrip(boxed, ValueType.arrayOf(ValueType.of(Long.class))));
  }

  @Test
  void emptyContainersRoundTrip() throws IOException {
    assertEquals(List.of(), roundTrip(List.of(), ValueType.of(List.class, ValueType.of(Item.class))));
    assertEquals(Map.of(), roundTrip(Map.of(), ValueType.of(Map.class, ValueType.of(String.class), ValueType.of(Item.class))));
    assertArrayEquals(new long[0], (long[]) roundTrip(new long[0], ValueType.arrayOf(ValueType.of(long.class))));
  }

  @Test
  void javaBeansRoundTrip() throws IOException {
    Bean bean = new Bean();
    bean.setId(5);

    Bean decoded = (Bean) roundTrip(bean, ValueType.of(Bean.class));

    assertEquals(5, decoded.getId());
    assertNull(decoded.getName());
  }

  @Test
  void javaBeansMissingAPropertyAreNotDetected() throws IOException {
    // A documented limit: Jackson sets a bean's properties one by one and cannot tell a property that
    // was absent from one it never saw, so an older bean shape decodes with defaults. Records and
    // other creator-built types are checked (see StrictDecodingTest).
    Bean decoded = (Bean) codec.decode("{\"id\":5}".getBytes(StandardCharsets.UTF_8), ValueType.of(Bean.class));

    assertEquals(5, decoded.getId());
    assertNull(decoded.getName());
  }

  @Test
  void aCallersMapperRoundTripsWhatItWrites() throws IOException {
    JacksonCodec own = new JacksonCodec(JacksonCodec.newDefaultMapper());
    Sparse sparse = new Sparse(null, Optional.empty(), null, null, null, new Item(0, null, 0));

    assertEquals(sparse, own.decode(own.encode(sparse), ValueType.of(Sparse.class)));
  }
}
