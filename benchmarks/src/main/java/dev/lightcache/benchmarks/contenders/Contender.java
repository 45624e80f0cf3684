package dev.lightcache.benchmarks.contenders;

import dev.lightcache.benchmarks.model.CachedProductEndpoint;
import dev.lightcache.benchmarks.model.ProductEndpoint;
import dev.lightcache.runtime.InMemoryCache;

/**
 * The implementations compared on {@link ProductEndpoint}. A benchmark selects one with
 * {@code @Param}, so JMH runs each in its own JVM fork and no contender's classes pollute another's
 * type profiles.
 */
public enum Contender {
  /**
   * The generated {@code CachedProductEndpoint} over the built-in {@link InMemoryCache}: 300 s time to
   * live, checked on a hit against the runtime's coarse clock (no clock read on a hit).
   */
  GENERATED {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(
          CachedProductEndpoint.wrap(delegate, new InMemoryCache(maximumSize)), () -> {});
    }
  },
  /**
   * The generated proxy over a subclass of {@link InMemoryCache}: any backend other than exactly
   * {@code InMemoryCache} (a user's own, or a subclass) takes the {@code Cache} SPI's {@code String}-key
   * path, so this measures what text keys cost on a hit.
   */
  GENERATED_TEXT_KEYS {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      InMemoryCache subclass = new InMemoryCache(maximumSize) {};
      return new Instance(CachedProductEndpoint.wrap(delegate, subclass), () -> {});
    }
  },
  /**
   * Hand-written decorator over Caffeine with natural keys ({@code Cache<Long, Product>}) and {@code
   * expireAfterWrite} of the proxy's time to live: the "same TTL" comparison.
   */
  CAFFEINE_NATURAL {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(new NaturalKeyDecorator(delegate, maximumSize, true), () -> {});
    }
  },
  /**
   * {@link #CAFFEINE_NATURAL} without expiration (size-bounded only): what a user who caches without a
   * time to live writes by hand; no clock read on a hit.
   */
  CAFFEINE_NATURAL_NO_EXPIRY {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(new NaturalKeyDecorator(delegate, maximumSize, false), () -> {});
    }
  },
  /** Hand-written decorator over Caffeine building the same {@code String} keys as the SPI. */
  CAFFEINE_STRING {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(new StringKeyDecorator(delegate, maximumSize), () -> {});
    }
  },
  /**
   * Raw Caffeine {@code getIfPresent} on natural keys, no decorator logic at all, on a cache with
   * {@code expireAfterWrite} (a clock read per hit).
   */
  CAFFEINE_RAW {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(new RawCaffeine(delegate, maximumSize, true), () -> {});
    }
  },
  /**
   * Raw Caffeine {@code getIfPresent} on natural keys without expiration: the floor of any in-memory
   * hit (one hash lookup, no decorator, no clock read).
   */
  CAFFEINE_RAW_NO_EXPIRY {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(new RawCaffeine(delegate, maximumSize, false), () -> {});
    }
  },
  /**
   * A runtime-proxy library: {@code java.lang.reflect.Proxy}, metadata by {@code Method}, Caffeine
   * with {@code expireAfterWrite}.
   */
  JDK_PROXY {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(JdkProxyDecorator.create(delegate, maximumSize, true), () -> {});
    }
  },
  /** {@link #JDK_PROXY} without expiration (size-bounded only). */
  JDK_PROXY_NO_EXPIRY {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(JdkProxyDecorator.create(delegate, maximumSize, false), () -> {});
    }
  },
  /** Spring {@code @Cacheable} with {@code CaffeineCacheManager}, annotation-config context. */
  SPRING {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return SpringContender.create(delegate, maximumSize);
    }
  },
  /**
   * Not shipped: a hand-written prototype of the generated code with the remaining recommendations of
   * docs/benchmarks.md applied (24-byte key without a cached-text field, a specialised key class for
   * three arguments without varargs or boxing, a precomputed method hash, no second type check), over
   * the same Caffeine set-up as {@code InMemoryCache}, to measure what they would buy.
   */
  PROTOTYPE {
    @Override
    public Instance create(ProductEndpoint delegate, long maximumSize) {
      return new Instance(new StructuredKeyPrototype(delegate, maximumSize), () -> {});
    }
  };

  /**
   * Builds this contender around {@code delegate}.
   *
   * @param delegate the endpoint to cache
   * @param maximumSize the bound on cached entries
   * @return the cached endpoint and how to dispose of it
   */
  public abstract Instance create(ProductEndpoint delegate, long maximumSize);

  /**
   * A built contender.
   *
   * @param endpoint the cached endpoint
   * @param closer releases what it holds (Spring's context)
   */
  public record Instance(ProductEndpoint endpoint, Runnable closer) implements AutoCloseable {
    @Override
    public void close() {
      closer.run();
    }
  }
}
