package dev.lightcache.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTypeTest {

  /** A stand-in for a user's DTO. */
  record Product(long id) {}

  private static final String PRODUCT = "dev.lightcache.runtime.ValueTypeTest.Product";

  @Test
  void equalDescriptionsAreEqual() {
    ValueType<?> a = ValueType.of(Map.class, ValueType.of(String.class), ValueType.of(List.class, ValueType.of(Product.class)));
    ValueType<?> b = ValueType.of(Map.class, ValueType.of(String.class), ValueType.of(List.class, ValueType.of(Product.class)));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(ValueType.of(String.class), ValueType.of(String.class));
    assertEquals(ValueType.arrayOf(ValueType.of(int.class)), ValueType.arrayOf(ValueType.of(int.class)));
  }

  @Test
  void differentDescriptionsDiffer() {
    assertNotEquals(ValueType.of(String.class), ValueType.of(Object.class));
    assertNotEquals(ValueType.of(int.class), ValueType.of(Integer.class));
    assertNotEquals(ValueType.of(List.class, ValueType.of(String.class)), ValueType.of(List.class, ValueType.of(Product.class)));
    assertNotEquals(ValueType.of(List.class, ValueType.of(String.class)), ValueType.of(List.class));
    assertNotEquals(
        ValueType.of(Map.class, ValueType.of(String.class), ValueType.of(Long.class)),
        ValueType.of(Map.class, ValueType.of(Long.class), ValueType.of(String.class)));
    assertNotEquals(ValueType.arrayOf(ValueType.of(String.class)), ValueType.of(List.class, ValueType.of(String.class)));
    assertNotEquals(ValueType.arrayOf(ValueType.of(long.class)), ValueType.arrayOf(ValueType.of(Long.class)));
    assertNotEquals(ValueType.of(String.class), "java.lang.String");
    assertNotEquals(ValueType.of(String.class), null);
  }

  @Test
  void toStringIsTheTypeAsJavaWritesIt() {
    assertEquals("java.lang.String", ValueType.of(String.class).toString());
    assertEquals("long", ValueType.of(long.class).toString());
    assertEquals(PRODUCT, ValueType.of(Product.class).toString());
    assertEquals("java.util.List<" + PRODUCT + ">", ValueType.of(List.class, ValueType.of(Product.class)).toString());
    assertEquals(
        "java.util.Map<java.lang.String, java.util.List<" + PRODUCT + ">>",
        ValueType.of(Map.class, ValueType.of(String.class), ValueType.of(List.class, ValueType.of(Product.class)))
            .toString());
    assertEquals(
        "java.util.Map.Entry<java.lang.String, java.lang.Integer>",
        ValueType.of(Map.Entry.class, ValueType.of(String.class), ValueType.of(Integer.class)).toString());
    assertEquals("java.lang.String[]", ValueType.arrayOf(ValueType.of(String.class)).toString());
    assertEquals("long[][]", ValueType.arrayOf(ValueType.arrayOf(ValueType.of(long.class))).toString());
    assertEquals(
        "java.util.Optional<" + PRODUCT + ">[]",
        ValueType.arrayOf(ValueType.of(Optional.class, ValueType.of(Product.class))).toString());
  }

  @Test
  void arraysDescribeTheirComponent() {
    ValueType<?> products = ValueType.arrayOf(ValueType.of(Product.class));
    assertTrue(products.isArray());
    assertSame(Product[].class, products.rawType());
    assertEquals(ValueType.of(Product.class), products.componentType());
    assertTrue(products.typeArguments().isEmpty());

    ValueType<?> ints = ValueType.arrayOf(ValueType.of(int.class));
    assertSame(int[].class, ints.rawType());
    assertTrue(ints.isInstance(new int[] {1}));
    assertFalse(ints.isInstance(new Integer[] {1}));

    ValueType<?> lists = ValueType.arrayOf(ValueType.of(List.class, ValueType.of(String.class)));
    assertSame(List[].class, lists.rawType());
    assertEquals(ValueType.of(List.class, ValueType.of(String.class)), lists.componentType());

    ValueType<?> grid = ValueType.arrayOf(ints);
    assertSame(int[][].class, grid.rawType());
    assertEquals(ints, grid.componentType());

    assertTrue(products.isInstance(new Product[0]));
    assertFalse(products.isInstance(new Object[0]));
    assertFalse(products.isInstance(List.of()));
  }

  @Test
  void nonArraysHaveNoComponent() {
    ValueType<?> string = ValueType.of(String.class);
    assertFalse(string.isArray());
    assertThrows(IllegalStateException.class, string::componentType);
    assertFalse(ValueType.of(List.class, ValueType.of(String.class)).isArray());
  }

  @Test
  void arrayClassesMustUseArrayOf() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueType.of(String[].class));
    assertTrue(e.getMessage().contains("arrayOf"), e.getMessage());
  }

  @Test
  void nullsAreRejected() {
    assertThrows(NullPointerException.class, () -> ValueType.of((Class<?>) null));
    assertThrows(NullPointerException.class, () -> ValueType.of(null, ValueType.of(String.class)));
    assertThrows(NullPointerException.class, () -> ValueType.arrayOf(null));
  }

  @Test
  void primitivesAcceptTheirBoxes() {
    assertTrue(ValueType.of(int.class).isInstance(42));
    assertFalse(ValueType.of(int.class).isInstance(42L));
    assertTrue(ValueType.of(long.class).isInstance(42L));
    assertFalse(ValueType.of(long.class).isInstance(42));
    assertTrue(ValueType.of(boolean.class).isInstance(true));
    assertTrue(ValueType.of(double.class).isInstance(1.5));
    assertFalse(ValueType.of(double.class).isInstance(1.5f));
    assertTrue(ValueType.of(float.class).isInstance(1.5f));
    assertTrue(ValueType.of(short.class).isInstance((short) 1));
    assertTrue(ValueType.of(byte.class).isInstance((byte) 1));
    assertTrue(ValueType.of(char.class).isInstance('c'));
    assertFalse(ValueType.of(char.class).isInstance("c"));
    assertTrue(ValueType.of(Integer.class).isInstance(42));
    assertFalse(ValueType.of(int.class).isInstance(null));
  }

  @Test
  void isInstanceChecksTheRawTypeOnly() {
    ValueType<?> strings = ValueType.of(List.class, ValueType.of(String.class));
    assertTrue(strings.isInstance(List.of("a")));
    assertTrue(strings.isInstance(List.of(1)), "type arguments are erased at run time");
    assertFalse(strings.isInstance(Map.of()));
    assertTrue(ValueType.of(Object.class).isInstance("anything"));
    assertTrue(ValueType.of(CharSequence.class).isInstance("a string"));
    assertFalse(ValueType.of(String.class).isInstance(null));
  }

  @Test
  void typeArgumentsAreImmutableCopies() {
    ValueType<?>[] arguments = {ValueType.of(String.class)};
    ValueType<?> list = ValueType.of(List.class, arguments);
    arguments[0] = ValueType.of(Long.class);
    assertEquals(List.of(ValueType.of(String.class)), list.typeArguments());
    assertThrows(UnsupportedOperationException.class, () -> list.typeArguments().add(ValueType.of(Long.class)));
    assertSame(List.class, list.rawType());
  }
}
