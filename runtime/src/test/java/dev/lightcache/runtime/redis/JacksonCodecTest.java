package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
