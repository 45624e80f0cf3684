package dev.lightcache.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightcache.runtime.ValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Property tests of key text: equal arguments give equal keys, distinct arguments give distinct keys,
 * long keys are shortened with a SHA-256, simple keys are readable, and the format is pinned by golden
 * strings.
 *
 * <p>Random cases come from a seeded {@link java.util.Random}; every failure message names the seed and
 * the case. Run with {@code -Dlightcache.test.seed=N} to try other seeds, {@code
 * -Dlightcache.test.cases=N} for more or fewer cases per property (20,000 by default).
 */
class KeyPropertyTest {

  private static final long SEED = Long.getLong("lightcache.test.seed", 0x5EED_CAFEL);
  private static final int CASES = Integer.getInteger("lightcache.test.cases", 20_000);
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Pattern SHORTENED = Pattern.compile(".*#[0-9a-f]{64}", Pattern.DOTALL);

  /** Pieces random strings are made of: separators, escapes, look-alikes of key syntax, unicode. */
  private static final String[] TOKENS = {
    ":", ",", "[", "]", "{", "}", "=", "\"", "#", "%", "\\", " ", "", "null", "%null", "\"\"",
    "%25", "%2C", "%uD800", "a", "b", "x:y", "a,b", "k=v", "v1", ":v1:", "get(long)", "Optional.empty",
    "Optional[", "[]", "{}", "é", "ß", "\u00A0", "\u2028", "日本", "\uD83D\uDE00", "\uD83D", "\uDE00",
    "\n", "\t", "\r", "\u0000", "\u001F", "\u007F", "\u0085", "\uFEFF", "%%", "%null%", "0", "-1", "1.0",
  };

  // ---------------------------------------------------------------------------------------------
  // Equal arguments give equal keys

  @Test
  void equalArgumentsBuiltDifferentlyGiveEqualKeys() {
    Random random = new Random(SEED);
    CachedMethod one = method(new Endpoint("com.acme.P", 1), "f(Object)", 1);
    CachedMethod two = method(new Endpoint("com.acme.Q", 1), "f(Object,Object)", 2);
    for (int i = 0; i < CASES; i++) {
      Object value = anyValue(random, 3);
      Object copy = equalCopy(value, random);
      Supplier<String> where = lazy(where(i), " value=", value, " copy=", copy);
      assertEquals(one.keyOf(new Object[] {value}), one.keyOf(new Object[] {copy}), where);
      assertEquals(one.keyOf(new Object[] {value}), one.newKey().add(copy).build(), where);
      Object other = anyValue(random, 2);
      assertEquals(
          two.keyOf(new Object[] {value, other}),
          two.newKey().add(copy).add(equalCopy(other, random)).build(),
          where);
    }
  }

  @Test
  void collectionImplementationAndInsertionOrderDoNotMatter() {
    Random random = new Random(SEED + 1);
    CachedMethod m = method(new Endpoint("com.acme.P", 1), "f(Collection)", 1);
    for (int i = 0; i < CASES; i++) {
      List<String> elements = new ArrayList<>();
      int size = random.nextInt(6);
      for (int j = 0; j < size; j++) {
        elements.add(randomString(random));
      }
      Supplier<String> where = lazy(where(i), " elements=", elements);

      // each case compares with one other form, chosen at random, so that the property stays fast
      String list = m.keyOf(new Object[] {new ArrayList<>(elements)});
      Object otherList =
          switch (random.nextInt(4)) {
            case 0 -> new LinkedList<>(elements);
            case 1 -> List.copyOf(elements);
            case 2 -> elements.toArray(new String[0]);
            default -> Collections.unmodifiableList(elements);
          };
      assertEquals(list, m.keyOf(new Object[] {otherList}), lazy(where, " as ", otherList.getClass()));

      List<String> shuffled = new ArrayList<>(elements);
      Collections.shuffle(shuffled, random);
      String set = m.keyOf(new Object[] {new HashSet<>(elements)});
      Set<String> otherSet =
          switch (random.nextInt(4)) {
            case 0 -> new TreeSet<>(shuffled);
            case 1 -> new LinkedHashSet<>(shuffled);
            case 2 -> Set.copyOf(shuffled);
            default -> {
              List<String> reversed = new ArrayList<>(elements);
              Collections.reverse(reversed);
              yield new LinkedHashSet<>(reversed);
            }
          };
      assertEquals(set, m.keyOf(new Object[] {otherSet}), lazy(where, " as ", otherSet.getClass()));

      Map<String, Object> hash = new HashMap<>();
      for (String key : elements) {
        hash.put(key, random.nextBoolean() ? randomString(random) : List.of(random.nextInt(5)));
      }
      String map = m.keyOf(new Object[] {hash});
      Map<String, Object> otherMap;
      switch (random.nextInt(3)) {
        case 0 -> otherMap = new TreeMap<>(hash);
        case 1 -> otherMap = Map.copyOf(hash);
        default -> {
          List<String> keys = new ArrayList<>(hash.keySet());
          Collections.shuffle(keys, random);
          otherMap = new LinkedHashMap<>();
          for (String k : keys) {
            otherMap.put(k, hash.get(k));
          }
        }
      }
      assertEquals(map, m.keyOf(new Object[] {otherMap}), lazy(where, " as ", otherMap.getClass()));
    }
  }

  @Test
  void arraysAndListsOfTheSameElementsGiveEqualKeys() {
    Random random = new Random(SEED + 2);
    CachedMethod m = method(new Endpoint("com.acme.P", 1), "f(Object)", 1);
    for (int i = 0; i < CASES; i++) {
      int n = random.nextInt(5);
      long[] longs = new long[n];
      int[] ints = new int[n];
      short[] shorts = new short[n];
      byte[] bytes = new byte[n];
      boolean[] booleans = new boolean[n];
      double[] doubles = new double[n];
      float[] floats = new float[n];
      char[] chars = new char[n];
      List<Object> longList = new ArrayList<>();
      List<Object> intList = new ArrayList<>();
      List<Object> shortList = new ArrayList<>();
      List<Object> byteList = new ArrayList<>();
      List<Object> booleanList = new ArrayList<>();
      List<Object> doubleList = new ArrayList<>();
      List<Object> floatList = new ArrayList<>();
      List<Object> charList = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        longs[j] = random.nextLong();
        ints[j] = random.nextInt();
        shorts[j] = (short) random.nextInt();
        bytes[j] = (byte) random.nextInt();
        booleans[j] = random.nextBoolean();
        doubles[j] = randomDouble(random);
        floats[j] = (float) randomDouble(random);
        chars[j] = randomChar(random);
        longList.add(longs[j]);
        intList.add(ints[j]);
        shortList.add(shorts[j]);
        byteList.add(bytes[j]);
        booleanList.add(booleans[j]);
        doubleList.add(doubles[j]);
        floatList.add(floats[j]);
        charList.add(chars[j]);
      }
      Supplier<String> where = where(i);
      assertEquals(key(m, longList), key(m, longs), where);
      assertEquals(key(m, longList), key(m, longList.toArray(new Long[0])), where);
      assertEquals(key(m, intList), key(m, ints), where);
      assertEquals(key(m, shortList), key(m, shorts), where);
      assertEquals(key(m, byteList), key(m, bytes), where);
      assertEquals(key(m, booleanList), key(m, booleans), where);
      assertEquals(key(m, doubleList), key(m, doubles), where);
      assertEquals(key(m, floatList), key(m, floats), where);
      assertEquals(key(m, charList), key(m, chars), where);
      assertEquals(key(m, List.of(longList, charList)), key(m, new Object[] {longs, chars}), where);
    }
  }

  @Test
  void primitiveOverloadsWriteTheSameTextAsTheirBoxes() {
    Random random = new Random(SEED + 3);
    CachedMethod m = method(new Endpoint("com.acme.P", 1), "f(long,int,boolean,double,float,char)", 6);
    CachedMethod s = method(m.endpoint(), "g(String)", 1);
    for (int i = 0; i < CASES; i++) {
      long l = random.nextBoolean() ? random.nextLong() : random.nextInt(100) - 50;
      int n = random.nextInt();
      boolean b = random.nextBoolean();
      double d = randomDouble(random);
      float f = (float) randomDouble(random);
      char c = randomChar(random);
      Supplier<String> where = lazy(where(i), " l=", l, " n=", n, " d=", d, " f=", f, " c=", (int) c);
      String primitive = m.newKey().add(l).add(n).add(b).add(d).add(f).add(c).build();
      String boxed =
          m.newKey()
              .add((Object) l)
              .add((Object) n)
              .add((Object) b)
              .add((Object) d)
              .add((Object) f)
              .add((Object) c)
              .build();
      assertEquals(primitive, boxed, where);
      assertEquals(primitive, m.keyOf(new Object[] {l, n, b, d, f, c}), where);
      // short and byte widen to int in generated code; their boxes must agree
      assertEquals(
          m.newKey().add((short) n).build(), m.newKey().add((Object) (short) n).build(), where);
      assertEquals(
          m.newKey().add((byte) n).build(), m.newKey().add((Object) (byte) n).build(), where);

      String text = random.nextInt(10) == 0 ? null : randomString(random);
      assertEquals(
          s.newKey().add(text).build(), s.newKey().add((Object) text).build(), lazy(where, " text=", text));
      assertEquals(s.newKey().add(text).build(), s.keyOf(new Object[] {text}), where);
    }
  }

  @Test
  void equalValueObjectsGiveEqualKeys() {
    Random random = new Random(SEED + 4);
    CachedMethod m = method(new Endpoint("com.acme.P", 1), "f(Object)", 1);
    for (int i = 0; i < CASES; i++) {
      Supplier<String> where = where(i);
      boolean parse = i % 20 == 0; // parsing is slow: round-trip through text now and then
      switch (random.nextInt(9)) {
        case 0 -> {
          UUID uuid = new UUID(random.nextLong(), random.nextLong());
          assertEquals(key(m, uuid), key(m, UUID.fromString(uuid.toString())), where);
          assertEquals(uuid.toString(), argumentText(m, uuid), where);
        }
        case 1 -> {
          BigDecimal decimal =
              new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(20) - 10);
          assertEquals(key(m, decimal), key(m, new BigDecimal(decimal.unscaledValue(), decimal.scale())), where);
          assertEquals(key(m, decimal), key(m, new BigDecimal(decimal.toString())), where);
          BigInteger integer = new BigInteger(100, random);
          assertEquals(key(m, integer), key(m, new BigInteger(integer.toByteArray())), where);
        }
        case 2 -> {
          Instant instant = Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
          assertEquals(
              key(m, instant), key(m, Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNano())), where);
          if (parse) {
            assertEquals(key(m, instant), key(m, Instant.parse(instant.toString())), where);
          }
        }
        case 3 -> {
          Instant instant = Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
          ZonedDateTime zoned = instant.atZone(random.nextBoolean() ? PARIS : ZoneOffset.UTC);
          assertEquals(key(m, zoned), key(m, ZonedDateTime.ofInstant(instant, zoned.getZone())), where);
          if (parse) {
            assertEquals(key(m, zoned), key(m, ZonedDateTime.parse(zoned.toString())), where);
          }
        }
        case 4 -> {
          LocalDate date = LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000);
          assertEquals(
              key(m, date), key(m, LocalDate.of(date.getYear(), date.getMonth(), date.getDayOfMonth())), where);
          Duration duration = Duration.ofNanos(random.nextLong());
          assertEquals(
              key(m, duration), key(m, Duration.ofSeconds(duration.getSeconds(), duration.getNano())), where);
          if (parse) {
            assertEquals(key(m, date), key(m, LocalDate.parse(date.toString())), where);
            assertEquals(key(m, duration), key(m, Duration.parse(duration.toString())), where);
          }
        }
        case 5, 6 -> {
          Optional<Object> optional =
              random.nextBoolean() ? Optional.empty() : Optional.of(nonNull(anyValue(random, 1)));
          Object copy = equalCopy(optional, random);
          assertEquals(key(m, optional), key(m, copy), lazy(where, " value=", optional, " copy=", copy));
        }
        case 7 -> {
          TimeUnit unit = TimeUnit.values()[random.nextInt(TimeUnit.values().length)];
          assertEquals(unit.name(), argumentText(m, unit), where);
        }
        default -> {
          Mode mode = Mode.values()[random.nextInt(Mode.values().length)];
          assertEquals(mode.name(), argumentText(m, mode), lazy(where, " (an enum constant with a body)"));
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Distinct arguments give distinct keys

  /** The type of a key parameter, which decides what values it can take. */
  private record Shape(String kind, List<Shape> parts) {
    static final Shape STRING = new Shape("String", List.of());

    static Shape of(String kind, Shape... parts) {
      return new Shape(kind, List.of(parts));
    }

    /** The erased name, as in generated signatures. */
    String erased() {
      return kind.equals("Array") ? parts.get(0).kind + "[]" : kind;
    }
  }

  private static final Shape LIST_STRING = Shape.of("List", Shape.STRING);
  private static final Shape SET_STRING = Shape.of("Set", Shape.STRING);

  /** Typed methods; overloads differ by erasure, as Java requires. */
  private static List<Map.Entry<String, List<Shape>>> methods() {
    List<Map.Entry<String, List<Shape>>> methods = new ArrayList<>();
    methods.add(Map.entry("f", List.of()));
    methods.add(Map.entry("g", List.of()));
    methods.add(Map.entry("f", List.of(Shape.STRING)));
    methods.add(Map.entry("g", List.of(Shape.STRING)));
    methods.add(Map.entry("f", List.of(Shape.STRING, Shape.STRING)));
    methods.add(Map.entry("f", List.of(Shape.STRING, Shape.STRING, Shape.STRING)));
    methods.add(Map.entry("g", List.of(Shape.STRING, Shape.STRING, Shape.STRING, Shape.STRING)));
    methods.add(Map.entry("f", List.of(LIST_STRING)));
    methods.add(Map.entry("f", List.of(SET_STRING)));
    methods.add(Map.entry("f", List.of(Shape.of("Map", Shape.STRING, Shape.STRING))));
    methods.add(Map.entry("f", List.of(Shape.of("Optional", Shape.STRING))));
    methods.add(Map.entry("f", List.of(Shape.of("Array", Shape.STRING))));
    methods.add(Map.entry("h", List.of(Shape.of("List", LIST_STRING))));
    methods.add(Map.entry("h", List.of(Shape.of("Set", LIST_STRING))));
    methods.add(Map.entry("h", List.of(Shape.of("Map", Shape.STRING, LIST_STRING))));
    methods.add(Map.entry("h", List.of(Shape.of("Optional", Shape.of("Optional", Shape.STRING)))));
    methods.add(Map.entry("k", List.of(Shape.of("Map", LIST_STRING, SET_STRING))));
    methods.add(Map.entry("k", List.of(Shape.of("Set", Shape.of("Map", Shape.STRING, Shape.STRING)))));
    methods.add(
        Map.entry(
            "k",
            List.of(
                Shape.of(
                    "List",
                    Shape.of("Optional", Shape.of("Map", Shape.STRING, Shape.of("Set", LIST_STRING)))))));
    methods.add(
        Map.entry(
            "m",
            List.of(Shape.STRING, LIST_STRING, Shape.of("Optional", LIST_STRING), SET_STRING)));
    methods.add(Map.entry("m", List.of(Shape.of("Map", Shape.STRING, Shape.STRING), Shape.STRING)));
    return methods;
  }

  private static String signature(String name, List<Shape> shapes) {
    StringBuilder sb = new StringBuilder(name).append('(');
    for (int i = 0; i < shapes.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(shapes.get(i).erased());
    }
    return sb.append(')').toString();
  }

  /** What a key must identify: the endpoint, the method, and the arguments by value. */
  private record Call(String namespace, int version, String signature, List<Object> arguments) {}

  private record Typed(CachedMethod method, List<Shape> shapes) {}

  @Test
  void distinctCallsNeverShareAKey() {
    Random random = new Random(SEED + 5);
    List<Endpoint> endpoints =
        List.of(
            new Endpoint("com.acme.P", 1),
            new Endpoint("com.acme.P", 2),
            new Endpoint("com.acme.P:v1:f(String)", 1),
            new Endpoint("a", 1),
            new Endpoint("a:v1:x", 1),
            new Endpoint("a,b=%c#", 1),
            new Endpoint("a", 11));
    List<Typed> typed = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      for (Map.Entry<String, List<Shape>> m : methods()) {
        String signature = signature(m.getKey(), m.getValue());
        typed.add(new Typed(method(endpoint, signature, m.getValue().size()), m.getValue()));
      }
    }

    Map<String, Call> seen = new HashMap<>();
    for (int i = 0; i < CASES; i++) {
      Typed t = typed.get(random.nextInt(typed.size()));
      Object[] arguments = new Object[t.shapes().size()];
      for (int a = 0; a < arguments.length; a++) {
        arguments[a] = valueOf(t.shapes().get(a), random, 0);
      }
      String key = t.method().keyOf(arguments);
      Call call =
          new Call(
              t.method().endpoint().namespace(),
              t.method().endpoint().version(),
              t.method().signature(),
              canonical(Arrays.asList(arguments)));
      Supplier<String> where = lazy(where(i), " key=", key, " call=", call);

      // the generated-code path writes the same text
      KeyBuilder builder = t.method().newKey();
      for (int a = 0; a < arguments.length; a++) {
        if (t.shapes().get(a) == Shape.STRING) {
          builder.add((String) arguments[a]);
        } else {
          builder.add(arguments[a]);
        }
      }
      assertEquals(arguments.length == 0 ? t.method().keyPrefix() : builder.build(), key, where);

      assertWellFormed(key, where);
      assertTrue(key.startsWith(t.method().keyPrefix()), where);
      // '#' only ever starts the hash of a shortened key; in values and namespaces it is %23
      boolean shortened = SHORTENED.matcher(key).matches();
      assertEquals(shortened ? key.length() - 65 : -1, key.indexOf('#'), where);
      for (Typed other : typed) {
        // prefix invalidation of another method never reaches this key (other endpoints' methods are
        // covered by the endpoint prefixes below)
        if (other.method() != t.method()
            && other.method().endpoint() == t.method().endpoint()
            && key.startsWith(other.method().keyPrefix())) {
          fail("under the prefix of " + other.method() + ": " + where.get());
        }
      }
      for (Endpoint endpoint : endpoints) {
        if ((endpoint == t.method().endpoint()) != key.startsWith(endpoint.keyPrefix())) {
          fail("endpoint prefix " + endpoint + ": " + where.get());
        }
      }
      Call previous = seen.putIfAbsent(key, call);
      if (previous != null && !previous.equals(call)) {
        fail("collision " + where.get() + " previous=" + describe(previous));
      }
    }
    // the alphabet is small, so equal calls recur: the map is not just a list of unique keys
    assertTrue(seen.size() < CASES, "expected some repeated calls, seed=" + SEED);
  }

  /**
   * The structured keys of the in-memory path: their text is the text key, equal calls give equal
   * keys, and distinct calls give distinct keys, exactly as for the text.
   */
  @Test
  void structuredKeysAgreeWithTextKeys() {
    Random random = new Random(SEED + 7);
    Endpoint endpoint = new Endpoint("com.acme.P", 1);
    List<Typed> typed = new ArrayList<>();
    for (Map.Entry<String, List<Shape>> m : methods()) {
      typed.add(
          new Typed(method(endpoint, signature(m.getKey(), m.getValue()), m.getValue().size()), m.getValue()));
    }
    Map<Key, Call> calls = new HashMap<>();
    Map<Call, Key> keys = new HashMap<>();
    for (int i = 0; i < CASES; i++) {
      Typed t = typed.get(random.nextInt(typed.size()));
      Object[] arguments = new Object[t.shapes().size()];
      for (int a = 0; a < arguments.length; a++) {
        arguments[a] = valueOf(t.shapes().get(a), random, 0);
      }
      Call call =
          new Call(endpoint.namespace(), 1, t.method().signature(), canonical(Arrays.asList(arguments)));
      Key key = t.method().keyFor(arguments);
      Supplier<String> where = lazy(where(i), " call=", call);
      assertEquals(t.method().keyOf(arguments), key.text(), where);
      assertEquals(key.text(), key.toString(), where);

      Call previousCall = calls.putIfAbsent(key, call);
      if (previousCall != null) {
        assertEquals(previousCall, call, lazy("collision ", where));
      }
      Key previousKey = keys.putIfAbsent(call, key);
      if (previousKey != null) {
        assertEquals(previousKey, key, where);
        assertEquals(previousKey.hashCode(), key.hashCode(), where);
      }
    }

    CachedMethod any = method(endpoint, "any(Object)", 1);
    CachedMethod two = method(endpoint, "two(Object,Object)", 2);
    for (int i = 0; i < CASES; i++) {
      Object value = anyValue(random, 2);
      Object copy = equalCopy(value, random);
      Object other = anyValue(random, 1);
      Supplier<String> where = lazy(where(i), " value=", value, " copy=", copy);
      Key key = any.keyFor(new Object[] {value});
      Key copyKey = any.keyFor(new Object[] {copy});
      assertEquals(any.keyOf(new Object[] {value}), key.text(), where);
      assertEquals(key, copyKey, where);
      assertEquals(key.hashCode(), copyKey.hashCode(), where);
      Key pair = two.keyFor(new Object[] {value, other});
      assertEquals(two.keyOf(new Object[] {value, other}), pair.text(), where);
      assertEquals(pair, two.keyFor(new Object[] {copy, equalCopy(other, random)}), where);
    }

    // primitive and boxed integral arguments give one key
    CachedMethod get = method(endpoint, "get(long)", 1);
    assertEquals(get.key(42L), get.key((Object) 42L));
    assertEquals(get.key(42L), get.key((Object) 42));
    assertEquals("com.acme.P:v1:get(long):42", get.key(42L).text());
    assertNotEquals(get.key(42L), any.key(42L));
    assertNotEquals(get.key(42L), get.key(43L));
    assertEquals(any.key((Object) null), any.key((Object) null));
    assertNotEquals(any.key((Object) null), any.key("null"));
    assertNotEquals(any.key((Object) null), any.key("%null"));
  }

  @Test
  void handPickedAdversarialArgumentsStayDistinct() {
    Endpoint endpoint = new Endpoint("com.acme.P", 1);
    CachedMethod f = method(endpoint, "f(Object)", 1);
    List<String> keys = new ArrayList<>();
    // the same prefix with different numbers of arguments: separators inside values cannot forge them
    keys.add(f.keyPrefix());
    keys.add(f.newKey().add("a,b").build());
    keys.add(f.newKey().add("a").add("b").build());
    keys.add(f.newKey().add("a").add(",b").build());
    keys.add(f.newKey().add("a,").add("b").build());
    keys.add(f.newKey().add((String) null).build());
    keys.add(f.newKey().add("null").build());
    keys.add(f.newKey().add("%null").build());
    keys.add(f.newKey().add("%25null").build());
    keys.add(f.newKey().add("").build());
    keys.add(f.newKey().add("\"\"").build());
    keys.add(f.newKey().add("").add("").build());
    keys.add(f.newKey().add(List.of("")).build());
    keys.add(f.newKey().add(List.of()).build());
    keys.add(f.newKey().add(List.of(List.of())).build());
    keys.add(f.newKey().add(Arrays.asList((Object) null)).build());
    keys.add(f.newKey().add(List.of("null")).build());
    keys.add(f.newKey().add(List.of("a", "b")).build());
    keys.add(f.newKey().add(List.of("a,b")).build());
    keys.add(f.newKey().add(List.of(List.of("a"), List.of("b"))).build());
    keys.add(f.newKey().add(List.of(List.of("a", "b"))).build());
    keys.add(f.newKey().add(List.of("[a]")).build());
    keys.add(f.newKey().add(Map.of("a", "b")).build());
    keys.add(f.newKey().add(Map.of("a=b", "")).build());
    keys.add(f.newKey().add(Map.of("a", "b,c=d")).build());
    keys.add(f.newKey().add(Map.of("a", "b", "c", "d")).build());
    keys.add(f.newKey().add(Set.of("a=b")).build());
    keys.add(f.newKey().add(Set.of("a,b")).build());
    keys.add(f.newKey().add(Set.of("a", "b")).build());
    keys.add(f.newKey().add(Optional.of("")).build());
    keys.add(f.newKey().add(Optional.of("x")).build());
    keys.add(f.newKey().add(Optional.of("Optional[x]")).build());
    keys.add(f.newKey().add(Optional.empty()).build());
    keys.add(f.newKey().add(Optional.of(Optional.empty())).build());
    keys.add(f.newKey().add(Optional.of("Optional.empty]")).build());
    keys.add(f.newKey().add("#").build());
    keys.add(f.newKey().add("%23").build());
    keys.add(f.newKey().add("\uD83D\uDE00").build());
    keys.add(f.newKey().add("\uD83D").build());
    keys.add(f.newKey().add("\uDE00").build());
    keys.add(f.newKey().add("\uD83D").add("\uDE00").build());
    keys.add(f.newKey().add("?").build());
    keys.add(f.newKey().add("%uD83D").build());
    keys.add(f.newKey().add("\n").build());
    keys.add(f.newKey().add("%0A").build());
    keys.add(f.newKey().add("\\n").build());
    assertAllDistinct(keys);
    keys.forEach(k -> assertWellFormed(k, () -> k));

    // namespaces: ':' inside a namespace cannot forge the version or method part
    List<String> spaced = new ArrayList<>();
    spaced.add(method(new Endpoint("a", 1), "f(String)", 1).newKey().add("y").build());
    spaced.add(method(new Endpoint("a:v1:f(String)", 1), "f(String)", 1).newKey().add("y").build());
    spaced.add(method(new Endpoint("a:v1:x", 1), "f(String)", 1).newKey().add("y").build());
    spaced.add(method(new Endpoint("a%3Av1%3Ax", 1), "f(String)", 1).newKey().add("y").build());
    spaced.add(method(new Endpoint("a", 11), "f(String)", 1).newKey().add("y").build());
    spaced.add(method(new Endpoint("a:v1", 1), "f(String)", 1).newKey().add("y").build());
    spaced.add(method(new Endpoint("", 1), "f(String)", 1).newKey().add("y").build());
    assertAllDistinct(spaced);
    assertFalse(new Endpoint("a:v1:x", 1).keyPrefix().startsWith(new Endpoint("a", 1).keyPrefix()));
    assertFalse(spaced.get(2).startsWith(new Endpoint("a", 1).keyPrefix()), spaced.get(2));
    assertFalse(spaced.get(4).startsWith(new Endpoint("a", 1).keyPrefix()), spaced.get(4));

    // overloads and sibling names
    CachedMethod get = method(endpoint, "get(long)", 1);
    CachedMethod getAll = method(endpoint, "getAll(long)", 1);
    CachedMethod getTwo = method(endpoint, "get(long,long)", 2);
    CachedMethod getNone = method(endpoint, "get()", 0);
    List<String> overloads =
        List.of(
            get.newKey().add(1L).build(),
            getAll.newKey().add(1L).build(),
            getTwo.newKey().add(1L).add(2L).build(),
            getNone.keyPrefix());
    assertAllDistinct(overloads);
    assertFalse(getAll.newKey().add(1L).build().startsWith(get.keyPrefix()));
    assertFalse(getTwo.newKey().add(1L).add(2L).build().startsWith(get.keyPrefix()));
    assertFalse(get.newKey().add(1L).build().startsWith(getNone.keyPrefix()));
  }

  @Test
  void unpairedSurrogatesAreEscapedSoKeysSurviveUtf8() {
    CachedMethod m = method(new Endpoint("com.acme.P", 1), "find(String)", 1);
    assertEquals("com.acme.P:v1:find(String):a%uD800b", m.newKey().add("a\uD800b").build());
    assertEquals("com.acme.P:v1:find(String):%uDE00%uD83D", m.newKey().add("\uDE00\uD83D").build());
    assertEquals("com.acme.P:v1:find(String):\uD83D\uDE00", m.newKey().add("\uD83D\uDE00").build());
    assertEquals("com.acme.P:v1:find(String):x%uD83D", m.newKey().add("x\uD83D").build());
    assertEquals(
        "com.acme.P:v1:find(String):[%uD83D,%uDE00]", m.newKey().add(new char[] {'\uD83D', '\uDE00'}).build());
    assertEquals("%uD83D:v1:find(String)", method(new Endpoint("\uD83D", 1), "find(String)", 0).keyPrefix());

    // Past the readable head only the hash tells two long keys apart, and UTF-8 (what the hash and
    // Redis see) turns an unpaired surrogate into '?': without escaping these two would collide.
    String head = "x".repeat(300);
    String lone = m.newKey().add(head + "\uD800").build();
    String question = m.newKey().add(head + "?").build();
    assertNotEquals(lone, question);
    assertWellFormed(lone, () -> lone);
    assertEquals(lone, new String(lone.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    String short1 = m.newKey().add("\uD800").build();
    String short2 = m.newKey().add("?").build();
    assertNotEquals(
        new String(short1.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
        new String(short2.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
        "as Redis stores them");
  }

  // ---------------------------------------------------------------------------------------------
  // Long keys

  @Test
  void longKeysKeepAReadableHeadAndEndInTheSha256OfTheWholeKey() {
    Random random = new Random(SEED + 6);
    CachedMethod one = method(new Endpoint("com.acme.P", 1), "find(String)", 1);
    CachedMethod two = method(new Endpoint("com.acme.P", 1), "find(String,List)", 2);
    int shortened = 0;
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < CASES; i++) {
      String text = randomString(random) + "y".repeat(random.nextInt(300)) + randomString(random);
      List<String> list = new ArrayList<>();
      for (int j = random.nextInt(4); j > 0; j--) {
        list.add(random.nextInt(3) == 0 ? "z".repeat(random.nextInt(120)) : randomString(random));
      }
      boolean pair = random.nextBoolean();
      String key = pair ? two.newKey().add(text).add(list).build() : one.newKey().add(text).build();
      String full = fullKey(pair ? two : one, pair ? new Object[] {text, list} : new Object[] {text});
      Supplier<String> where = lazy(where(i), " full=", full);

      assertWellFormed(key, where);
      if (full.length() <= KeyText.MAX_LENGTH) {
        assertEquals(full, key, where);
        assertEquals(-1, key.indexOf('#'), where);
      } else {
        shortened++;
        assertLimited(full, key, (pair ? two : one).keyPrefix(), where);
      }
      String previous = seen.putIfAbsent(key, full);
      if (previous != null) {
        assertEquals(previous, full, lazy("two full keys share a key ", where));
      }
    }
    assertTrue(shortened > CASES / 4, "too few long keys to mean anything: " + shortened + " seed=" + SEED);
  }

  @Test
  void longKeysDifferingOnlyAtTheEndStayDistinct() {
    CachedMethod m = method(new Endpoint("com.acme.P", 1), "find(String)", 1);
    String base = "x".repeat(400);
    Set<String> keys = new HashSet<>();
    for (char c = 'a'; c <= 'z'; c++) {
      String key = m.newKey().add(base + c).build();
      assertEquals(KeyText.MAX_LENGTH, key.length(), key);
      assertTrue(key.startsWith("com.acme.P:v1:find(String):xxx"), key);
      keys.add(key);
    }
    keys.add(m.newKey().add(base).build());
    keys.add(m.newKey().add(base + ",").build());
    keys.add(m.newKey().add(base).add("").build());
    assertEquals(29, keys.size(), keys.toString());
    // the head is the same for all, so only the hash tells them apart
    assertEquals(1, keys.stream().map(k -> k.substring(0, 185)).distinct().count());
  }

  @Test
  void aMethodPrefixLongerThanTheHeadIsKeptWhole() {
    String namespace = "com.acme." + "Very".repeat(60) + "LongEndpoint";
    CachedMethod m = method(new Endpoint(namespace, 1), "find(String)", 1);
    String key = m.newKey().add("abc".repeat(10)).build();
    assertTrue(m.keyPrefix().length() > 185, m.keyPrefix());
    assertTrue(key.startsWith(m.keyPrefix() + "#"), key);
    assertEquals(m.keyPrefix().length() + KeyText.MAX_LENGTH - 185, key.length(), key);
    assertTrue(SHORTENED.matcher(key).matches(), key);
    assertEquals(sha256Hex(m.keyPrefix() + ":" + "abc".repeat(10)), key.substring(key.length() - 64));
  }

  @Test
  void theHeadNeverSplitsASurrogatePair() {
    CachedMethod m = method(new Endpoint("com.acme.P", 1), "find(String)", 1);
    String prefix = m.keyPrefix() + ":";
    // put a surrogate pair at the 185th/186th character of the full key
    String text = "x".repeat(184 - prefix.length()) + "\uD83D\uDE00" + "y".repeat(100);
    String full = prefix + text;
    assertTrue(Character.isHighSurrogate(full.charAt(184)));
    String key = m.newKey().add(text).build();
    assertWellFormed(key, () -> key);
    assertEquals(KeyText.MAX_LENGTH - 1, key.length(), key);
    assertEquals(full.substring(0, 184) + "#" + sha256Hex(full), key);
  }

  // ---------------------------------------------------------------------------------------------
  // Readability and golden strings

  @Test
  void simpleArgumentsAreReadable() {
    Endpoint endpoint = new Endpoint("com.acme.P", 1);
    CachedMethod get = method(endpoint, "get(long)", 1);
    assertEquals("com.acme.P:v1:get(long):42", get.newKey().add(42L).build());
    assertEquals("com.acme.P:v1:get(long):42", get.keyOf(new Object[] {42L}));
    assertEquals("com.acme.P:v1:find(String):abc", method(endpoint, "find(String)", 1).newKey().add("abc").build());
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertEquals(
        "com.acme.P:v1:byId(UUID):123e4567-e89b-12d3-a456-426614174000",
        method(endpoint, "byId(UUID)", 1).newKey().add(uuid).build());
    Instant instant = Instant.parse("2024-05-06T07:08:09.123Z");
    assertEquals(
        "com.acme.P:v1:at(Instant):2024-05-06T07:08:09.123Z",
        method(endpoint, "at(Instant)", 1).newKey().add(instant).build());
  }

  @Test
  void goldenKeys() {
    Endpoint p = new Endpoint("com.acme.P", 1);
    Map<String, String> golden = new LinkedHashMap<>();
    Function<String, CachedMethod> m0 = sig -> method(p, sig, 0);
    golden.put("com.acme.P:v1:count()", m0.apply("count()").keyPrefix());
    golden.put("com.acme.P:v1:get(long):-7", method(p, "get(long)", 1).newKey().add(-7L).build());
    golden.put("com.acme.P:v1:page(int):3", method(p, "page(int)", 1).newKey().add(3).build());
    golden.put("com.acme.P:v1:flag(boolean):true", method(p, "flag(boolean)", 1).newKey().add(true).build());
    golden.put("com.acme.P:v1:ratio(double):1.5", method(p, "ratio(double)", 1).newKey().add(1.5).build());
    golden.put("com.acme.P:v1:ratio(float):0.25", method(p, "ratio(float)", 1).newKey().add(0.25f).build());
    golden.put("com.acme.P:v1:initial(char):%2C", method(p, "initial(char)", 1).newKey().add(',').build());
    CachedMethod find = method(p, "find(String)", 1);
    golden.put("com.acme.P:v1:find(String):\"\"", find.newKey().add("").build());
    golden.put("com.acme.P:v1:find(String):%null", find.newKey().add((String) null).build());
    golden.put("com.acme.P:v1:find(String):null", find.newKey().add("null").build());
    golden.put("com.acme.P:v1:find(String):%25null", find.newKey().add("%null").build());
    golden.put("com.acme.P:v1:find(String):a%2Cb", find.newKey().add("a,b").build());
    golden.put("com.acme.P:v1:find(String):a:b c\\d", find.newKey().add("a:b c\\d").build());
    golden.put(
        "com.acme.P:v1:find(String):%5Bx%5D%7By%7D%3Dz%22%23",
        find.newKey().add("[x]{y}=z\"#").build());
    golden.put("com.acme.P:v1:find(String):line%0Abreak%09%7F", find.newKey().add("line\nbreak\t\u007F").build());
    golden.put("com.acme.P:v1:find(String):é\uD83D\uDE00日本", find.newKey().add("é\uD83D\uDE00日本").build());
    golden.put(
        "com.acme.P:v1:find(String,int,String):a,5,b",
        method(p, "find(String,int,String)", 3).newKey().add("a").add(5).add("b").build());
    CachedMethod any = method(p, "any(Object)", 1);
    golden.put(
        "com.acme.P:v1:any(Object):2024-01-02T03:04+01:00%5BEurope/Paris%5D",
        any.newKey().add(ZonedDateTime.of(2024, 1, 2, 3, 4, 0, 0, ZoneId.of("Europe/Paris"))).build());
    golden.put("com.acme.P:v1:any(Object):2024-02-29", any.newKey().add(LocalDate.of(2024, 2, 29)).build());
    golden.put("com.acme.P:v1:any(Object):PT1H30M", any.newKey().add(Duration.ofMinutes(90)).build());
    golden.put("com.acme.P:v1:any(Object):1.50", any.newKey().add(new BigDecimal("1.50")).build());
    golden.put("com.acme.P:v1:any(Object):1E+3", any.newKey().add(new BigDecimal("1E+3")).build());
    golden.put(
        "com.acme.P:v1:any(Object):1180591620717411303424",
        any.newKey().add(BigInteger.TWO.pow(70)).build());
    golden.put("com.acme.P:v1:any(Object):SECONDS", any.newKey().add(TimeUnit.SECONDS).build());
    golden.put("com.acme.P:v1:any(Object):[1,2,3]", any.newKey().add(List.of(1L, 2L, 3L)).build());
    golden.put("com.acme.P:v1:any(Object):[1,2]", any.newKey().add(new int[] {1, 2}).build());
    golden.put("com.acme.P:v1:any(Object):{a,b,c}", any.newKey().add(Set.of("c", "a", "b")).build());
    golden.put("com.acme.P:v1:any(Object):{a=1,b=2}", any.newKey().add(Map.of("b", 2, "a", 1)).build());
    golden.put(
        "com.acme.P:v1:any(Object):{k=%null}",
        any.newKey().add(Collections.singletonMap("k", null)).build());
    golden.put("com.acme.P:v1:any(Object):Optional[x]", any.newKey().add(Optional.of("x")).build());
    golden.put("com.acme.P:v1:any(Object):Optional.empty", any.newKey().add(Optional.empty()).build());
    golden.put(
        "com.acme.P:v1:any(Object):[[a%2Cb],[]]",
        any.newKey().add(List.of(List.of("a,b"), List.of())).build());
    golden.put(
        "team%3Acatalog:v3:get(long):1",
        method(new Endpoint("team:catalog", 3), "get(long)", 1).newKey().add(1L).build());
    golden.put("50%25 off:v1:get(long):1", method(new Endpoint("50% off", 1), "get(long)", 1).newKey().add(1L).build());
    golden.put(
        "com.acme.P:v1:find(String):"
            + "x".repeat(158)
            + "#25652ef9e7431b8d72cb782ac5d90d60a6ede0369e0dcb7c5dbc6b203dc1046e",
        find.newKey().add("x".repeat(300)).build());
    golden.put(
        "com.acme.P:v1:find(String):" + "é".repeat(158) + "#57133bdb5521a944243c5cc4b7068f37fc11a9502c978e059c69928c8e3f7d5c",
        find.newKey().add("é".repeat(300)).build());
    golden.forEach((expected, actual) -> assertEquals(expected, actual));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private enum Mode {
    PLAIN,
    SPECIAL {
      @Override
      public String toString() {
        return "special, with a body";
      }
    }
  }

  private static CachedMethod method(Endpoint endpoint, String signature, int arity) {
    return endpoint.cached(signature).keyParameters(arity).returning(ValueType.of(String.class));
  }

  private static String key(CachedMethod m, Object argument) {
    return m.keyOf(new Object[] {argument});
  }

  private static String argumentText(CachedMethod m, Object argument) {
    return key(m, argument).substring(m.keyPrefix().length() + 1);
  }

  /** The key before shortening, written without {@link KeyBuilder}. */
  private static String fullKey(CachedMethod m, Object[] arguments) {
    StringBuilder sb = new StringBuilder(m.keyPrefix());
    for (int i = 0; i < arguments.length; i++) {
      sb.append(i == 0 ? ':' : ',');
      KeyText.append(sb, arguments[i]);
    }
    return sb.toString();
  }

  private static void assertLimited(String full, String key, String methodPrefix, Supplier<String> where) {
    assertTrue(SHORTENED.matcher(key).matches(), lazy("not shortened: ", where));
    int head = key.length() - 65;
    assertTrue(head >= methodPrefix.length(), where);
    if (methodPrefix.length() <= 185) {
      // 250, or 249 when the 185th character would have split a surrogate pair
      boolean split = Character.isHighSurrogate(full.charAt(184));
      assertEquals(split ? 249 : 250, key.length(), where);
    }
    assertEquals(full.substring(0, head), key.substring(0, head), where);
    assertEquals('#', key.charAt(head), where);
    assertEquals(sha256Hex(full), key.substring(head + 1), where);
  }

  private static void assertAllDistinct(List<String> keys) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Integer j = first.putIfAbsent(keys.get(i), i);
      if (j != null) {
        fail("cases " + j + " and " + i + " share the key " + describe(keys.get(i)));
      }
    }
  }

  /** Keys are valid UTF-16, so their UTF-8 bytes (Redis, the hash) are as distinct as the strings. */
  private static void assertWellFormed(String key, Supplier<String> where) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        fail("unpaired surrogate at " + i + " in " + describe(key) + " " + where.get());
      }
    }
  }

  private static String sha256Hex(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static Supplier<String> where(int i) {
    return () -> "seed=" + SEED + " case=" + i;
  }

  /** A message built only when an assertion fails: suppliers are called, other parts described. */
  private static Supplier<String> lazy(Object... parts) {
    return () -> {
      StringBuilder sb = new StringBuilder();
      for (Object part : parts) {
        sb.append(part instanceof Supplier<?> supplier ? supplier.get() : describe(part));
      }
      return sb.toString();
    };
  }

  /** Text with control characters and surrogates made visible. */
  private static String describe(Object o) {
    String s = String.valueOf(o instanceof Object[] a ? Arrays.deepToString(a) : o);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) || (c >= 0x80 && c < 0xA0)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String randomString(Random random) {
    int n = random.nextInt(6);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(TOKENS[random.nextInt(TOKENS.length)]);
    }
    if (random.nextInt(50) == 0) {
      sb.append("w".repeat(200 + random.nextInt(100)));
    }
    return sb.toString();
  }

  private static char randomChar(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return ",[]{}=\"#%:\\ ".charAt(random.nextInt(12));
      case 1:
        return (char) random.nextInt(0x20);
      case 2:
        return (char) (0xD800 + random.nextInt(0x800)); // a lone surrogate
      default:
        return (char) random.nextInt(0x10000);
    }
  }

  private static double randomDouble(Random random) {
    switch (random.nextInt(5)) {
      case 0:
        return random.nextInt(1000) / 8.0 - 50;
      case 1:
        return new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE}[random.nextInt(5)];
      default:
        return Double.longBitsToDouble(random.nextLong());
    }
  }

  /** Any value with a stable text form, nested up to {@code depth}. */
  private static Object anyValue(Random random, int depth) {
    int kinds = depth > 0 ? 24 : 19;
    switch (random.nextInt(kinds)) {
      case 0:
        return null;
      case 1:
      case 2:
        return randomString(random);
      case 3:
        return random.nextLong();
      case 4:
        return random.nextInt();
      case 5:
        return random.nextBoolean();
      case 6:
        return randomDouble(random);
      case 7:
        return (float) randomDouble(random);
      case 8:
        return randomChar(random);
      case 9:
        return new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(20) - 10);
      case 10:
        return new BigInteger(90, random);
      case 11:
        return new UUID(random.nextLong(), random.nextLong());
      case 12:
        return Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000));
      case 13:
        return LocalDateTime.of(
            LocalDate.ofEpochDay(random.nextInt(100_000)), LocalTime.ofNanoOfDay(random.nextInt(86_400) * 1_000_000_000L));
      case 14:
        return OffsetDateTime.of(
            LocalDateTime.of(2020, 1, 1, 0, 0).plusSeconds(random.nextInt()),
            ZoneOffset.ofHours(random.nextInt(25) - 12));
      case 15:
        return random.nextBoolean()
            ? YearMonth.of(1900 + random.nextInt(300), 1 + random.nextInt(12))
            : Period.of(random.nextInt(10), random.nextInt(12), random.nextInt(31));
      case 16:
        return TimeUnit.values()[random.nextInt(TimeUnit.values().length)];
      case 17:
        return Mode.values()[random.nextInt(Mode.values().length)];
      case 18:
        return (short) random.nextInt();
      case 19:
        return random.nextBoolean() ? Optional.empty() : Optional.of(nonNull(anyValue(random, depth - 1)));
      case 20: {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(anyValue(random, depth - 1));
        }
        return list;
      }
      case 21: {
        Set<Object> set = new HashSet<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          set.add(random.nextBoolean() ? randomString(random) : anyValue(random, 0));
        }
        return set;
      }
      case 22: {
        Map<Object, Object> map = new HashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(random.nextBoolean() ? randomString(random) : anyValue(random, 0), anyValue(random, depth - 1));
        }
        return map;
      }
      default:
        return new String[] {randomString(random), randomString(random)};
    }
  }

  private static Object nonNull(Object value) {
    return value == null ? "" : value;
  }

  /** An equal value built another way: other collection classes, other insertion orders, new instances. */
  private static Object equalCopy(Object value, Random random) {
    if (value == null) {
      return null;
    } else if (value instanceof String s) {
      return new String(s.toCharArray());
    } else if (value instanceof BigDecimal d) {
      return new BigDecimal(d.unscaledValue(), d.scale());
    } else if (value instanceof UUID u) {
      return UUID.fromString(u.toString());
    } else if (value instanceof Instant t) {
      return Instant.ofEpochSecond(t.getEpochSecond(), t.getNano());
    } else if (value instanceof Optional<?> o) {
      return o.map(v -> equalCopy(v, random));
    } else if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(e -> copy.add(equalCopy(e, random)));
      switch (random.nextInt(4)) {
        case 0:
          return new LinkedList<>(copy);
        case 1:
          return copy.contains(null) ? copy : List.copyOf(copy);
        case 2:
          return copy.toArray();
        default:
          return copy;
      }
    } else if (value instanceof Set<?> set) {
      List<Object> elements = new ArrayList<>();
      set.forEach(e -> elements.add(equalCopy(e, random)));
      Collections.shuffle(elements, random);
      boolean strings = elements.stream().allMatch(e -> e instanceof String);
      if (strings && random.nextBoolean()) {
        return new TreeSet<>(elements);
      }
      return random.nextBoolean() ? new LinkedHashSet<>(elements) : new HashSet<>(elements);
    } else if (value instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      Collections.shuffle(entries, random);
      boolean strings = entries.stream().allMatch(e -> e.getKey() instanceof String);
      Map<Object, Object> copy = strings && random.nextBoolean() ? new TreeMap<>() : new LinkedHashMap<>();
      entries.forEach(e -> copy.put(equalCopy(e.getKey(), random), equalCopy(e.getValue(), random)));
      return copy;
    } else if (value instanceof String[] array) {
      return random.nextBoolean() ? array.clone() : List.of(array);
    }
    return value;
  }

  /** A value of the given parameter type; {@code null} is one of them, at the top level too. */
  private static Object valueOf(Shape shape, Random random, int depth) {
    if (random.nextInt(12) == 0) {
      return null;
    }
    int size = random.nextInt(depth == 0 ? 4 : 3);
    switch (shape.kind()) {
      case "String":
        return randomString(random);
      case "List": {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          list.add(valueOf(shape.parts().get(0), random, depth + 1));
        }
        return list;
      }
      case "Array": {
        String[] array = new String[size];
        for (int i = 0; i < size; i++) {
          array[i] = (String) valueOf(shape.parts().get(0), random, depth + 1);
        }
        return array;
      }
      case "Set": {
        Set<Object> set = new HashSet<>();
        for (int i = 0; i < size; i++) {
          set.add(valueOf(shape.parts().get(0), random, depth + 1));
        }
        return set;
      }
      case "Map": {
        Map<Object, Object> map = new HashMap<>();
        for (int i = 0; i < size; i++) {
          map.put(
              valueOf(shape.parts().get(0), random, depth + 1),
              valueOf(shape.parts().get(1), random, depth + 1));
        }
        return map;
      }
      case "Optional": {
        if (random.nextInt(3) == 0) {
          return Optional.empty();
        }
        Object inner = valueOf(shape.parts().get(0), random, depth + 1);
        return inner == null ? Optional.empty() : Optional.of(inner);
      }
      default:
        throw new AssertionError(shape);
    }
  }

  /** The value with arrays turned into lists, so that {@code equals} compares what a key must tell apart. */
  private static List<Object> canonical(Collection<?> values) {
    List<Object> out = new ArrayList<>();
    values.forEach(v -> out.add(canonical(v)));
    return out;
  }

  private static Object canonical(Object value) {
    if (value instanceof Object[] array) {
      return canonical(Arrays.asList(array));
    } else if (value instanceof List<?> list) {
      return canonical((Collection<?>) list);
    } else if (value instanceof Set<?> set) {
      return new HashSet<>(canonical((Collection<?>) set));
    } else if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new HashMap<>();
      map.forEach((k, v) -> out.put(canonical(k), canonical(v)));
      return out;
    } else if (value instanceof Optional<?> optional) {
      return optional.map(KeyPropertyTest::canonical);
    }
    return value;
  }
}
