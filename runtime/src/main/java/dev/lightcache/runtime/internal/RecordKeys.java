package dev.lightcache.runtime.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How records are written into keys: component by component, each escaped like any other argument,
 * so that two different records never share a key (a record's own {@code toString()} does not escape
 * its components). Generated proxies register, when their class is initialised, every record type
 * that can appear in their keys, with a function returning its components; records no proxy
 * registered fall back to their escaped {@code toString()}.
 */
public final class RecordKeys {

  private static final ConcurrentHashMap<Class<?>, Function<Object, @Nullable Object[]>> COMPONENTS =
      new ConcurrentHashMap<>();

  private RecordKeys() {}

  /**
   * Registers how to read the components of {@code type}; a second registration of a type is ignored.
   *
   * @param type the record type
   * @param components returns the values of its components, in declaration order
   * @param <R> the record type
   */
  @SuppressWarnings("unchecked")
  public static <R extends Record> void register(
      Class<R> type, Function<? super R, @Nullable Object[]> components) {
    Objects.requireNonNull(components, "components");
    COMPONENTS.putIfAbsent(type, (Function<Object, @Nullable Object[]>) components);
  }

  /** The components of {@code record}, or {@code null} when its type was not registered. */
  static @Nullable Object @Nullable [] components(Record record) {
    Function<Object, @Nullable Object[]> components = COMPONENTS.get(record.getClass());
    return components == null ? null : components.apply(record);
  }
}
