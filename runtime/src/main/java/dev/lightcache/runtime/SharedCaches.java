package dev.lightcache.runtime;

import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One lazily created backend per backend class (and so per class loader), for {@link
 * ProxyBuilder#shared}. The instance hangs off the class itself ({@link ClassValue}), so a web
 * application's class loader is not kept alive by the runtime's.
 */
final class SharedCaches {

  private static final ClassValue<Holder> HOLDERS =
      new ClassValue<>() {
        @Override
        protected Holder computeValue(Class<?> type) {
          return new Holder();
        }
      };

  private SharedCaches() {}

  static <C extends Cache> C get(Class<C> type, Supplier<? extends C> constructor) {
    Holder holder = HOLDERS.get(type);
    Cache cache = holder.cache;
    if (cache == null) {
      synchronized (holder) {
        cache = holder.cache;
        if (cache == null) {
          cache = Objects.requireNonNull(constructor.get(), () -> type.getName() + "::new returned null");
          holder.cache = cache;
        }
      }
    }
    return type.cast(cache);
  }

  private static final class Holder {
    volatile @Nullable Cache cache;
  }
}
