package dev.lightcache.processor.functional;

import java.util.List;

/** A generic super-interface, as a library would declare it. */
public interface Repository<T, ID> {
  T get(ID id);

  List<T> getAll(List<ID> ids);

  T save(T value);

  default T getOrDefault(ID id, T fallback) {
    T value = get(id);
    return value != null ? value : fallback;
  }
}
