package dev.lightcache.processor.functional;

import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.Invalidates;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Redeclares inherited methods with type-use annotations: each stays the one method it overrides,
 * with the same identity in keys and statistics as without them.
 */
@Cached(cache = MapCache.class)
public interface AnnotatedItems extends Repository<Item, Long> {
  @Override
  @Nullable Item get(@Nullable Long id);

  @Override
  List<@Nullable Item> getAll(List<@Nullable Long> ids);

  String find(String @Nullable ... tags);

  @Invalidates({"get", "find"})
  void rename(@Nullable Long id, String @Nullable [] tags);
}
