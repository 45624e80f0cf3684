package dev.lightcache.runtime;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link InvalidationStrategy#standard()}: a public class so {@code @Cached(invalidation=...)} can name it. */
public final class StandardInvalidation implements InvalidationStrategy {

  static final StandardInvalidation INSTANCE = new StandardInvalidation();

  /** Creates the strategy; {@link InvalidationStrategy#standard()} returns a shared instance. */
  public StandardInvalidation() {}

  @Override
  public void invalidate(Invocation invocation, CacheInvalidator cache) {
    for (Invocation.Target target : invocation.declared()) {
      String signature = target.signature();
      List<Integer> keyArguments = target.keyArguments();
      if (signature == null) {
        cache.invalidateEndpoint();
      } else if (keyArguments == null) {
        cache.invalidateMethod(signature);
      } else {
        @Nullable Object[] key = new Object[keyArguments.size()];
        for (int i = 0; i < key.length; i++) {
          key[i] = invocation.arguments().get(keyArguments.get(i));
        }
        cache.invalidateKey(signature, key);
      }
    }
  }
}
