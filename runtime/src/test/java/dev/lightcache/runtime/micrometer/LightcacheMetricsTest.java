package dev.lightcache.runtime.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CachedProductEndpoint;
import com.acme.Product;
import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.CachingProxy;
import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.internal.ProxyCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The meters of a real generated proxy ({@code com.acme.CachedProductEndpoint}, the processor's golden
 * output) after known sequences of calls, read from a {@link SimpleMeterRegistry}.
 */
class LightcacheMetricsTest {

  private static final String NAMESPACE = "com.acme.ProductEndpoint";

  private final MeterRegistry registry = new SimpleMeterRegistry();

  /**
   * Hits 3, misses 5, loads 4 + 1 failed, 2 invalidations; per method: {@code get(long)} 2 hits, 4
   * misses, 3 loads, 1 failure; {@code list(int)} 1 hit, 1 miss, 1 load; {@code post(Product)} and
   * {@code invalidateAll()} one invalidation each. Leaves the cache empty.
   */
  private static void drive(CachedProductEndpoint products) {
    products.get(1); // miss, load
    products.get(1); // hit
    products.get(2); // miss, load
    products.list(0); // miss, load
    products.list(0); // hit
    products.get(1); // hit
    assertThrows(IllegalArgumentException.class, () -> products.get(-1)); // miss, failed load
    products.post(new Product(3, "new")); // invalidates every entry
    products.get(1); // miss, load
    products.invalidateAll();
  }

  @Test
  void countsTheWholeProxyUnderMicrometersCacheNames() {
    InMemoryCache memory = new InMemoryCache();
    CachedProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore(), memory);
    LightcacheMetrics.of(products).bindTo(registry);

    drive(products);

    assertEquals(3, count("cache.gets", "result", "hit"));
    assertEquals(5, count("cache.gets", "result", "miss"));
    assertEquals(4, count("cache.puts"));
    assertEquals(4, count("cache.load", "result", "success"));
    assertEquals(1, count("cache.load", "result", "failure"));
    assertEquals(2, count("lightcache.invalidations"));
    assertEquals(0, count("lightcache.cache.errors"));
    assertEquals(0, gauge("cache.size"));
    assertEquals(0, count("cache.evictions"));
    products.get(1);
    products.list(0);
    assertEquals(2, gauge("cache.size"));

    CacheStats stats = products.stats();
    assertEquals(stats.hits(), count("cache.gets", "result", "hit"));
    assertEquals(stats.misses(), count("cache.gets", "result", "miss"));
    assertEquals(stats.loads(), count("cache.load", "result", "success") + count("cache.load", "result", "failure"));
    assertEquals(stats.loadFailures(), count("cache.load", "result", "failure"));
    assertEquals(stats.invalidations(), count("lightcache.invalidations"));

    assertEquals(
        Map.of(
            "cache.gets", Set.of("cache", "result"),
            "cache.puts", Set.of("cache"),
            "cache.load", Set.of("cache", "result"),
            "cache.size", Set.of("cache"),
            "cache.evictions", Set.of("cache"),
            "lightcache.invalidations", Set.of("cache"),
            "lightcache.cache.errors", Set.of("cache")),
        tagKeysByName(registry.getMeters()),
        "no method tag, no load duration without a recorder");
    for (Meter meter : registry.getMeters()) {
      assertEquals(NAMESPACE, meter.getId().getTag("cache"), meter.getId().toString());
    }
    assertInstanceOf(FunctionCounter.class, registry.get("cache.gets").tag("result", "hit").meter());
    assertInstanceOf(Gauge.class, registry.get("cache.size").meter());
  }

  @Test
  void perMethodMetersSumToTheProxysTotals() {
    CachedProductEndpoint products =
        CachedProductEndpoint.builder(new ProductStore()).statsRecorder(LightcacheMetrics.timeLoads()).build();
    LightcacheMetrics.of(products).perMethod().bindTo(registry);

    drive(products);

    assertEquals(2, count("cache.gets", "method", "get(long)", "result", "hit"));
    assertEquals(4, count("cache.gets", "method", "get(long)", "result", "miss"));
    assertEquals(3, count("cache.puts", "method", "get(long)"));
    assertEquals(3, count("cache.load", "method", "get(long)", "result", "success"));
    assertEquals(1, count("cache.load", "method", "get(long)", "result", "failure"));
    assertEquals(1, count("cache.gets", "method", "list(int)", "result", "hit"));
    assertEquals(1, count("cache.gets", "method", "list(int)", "result", "miss"));
    assertEquals(1, count("cache.load", "method", "list(int)", "result", "success"));
    assertEquals(0, count("cache.load", "method", "list(int)", "result", "failure"));
    assertEquals(1, count("lightcache.invalidations", "method", "post(Product)"));
    assertEquals(0, count("lightcache.invalidations", "method", "delete(long)"));
    assertEquals(1, count("lightcache.invalidations", "method", "invalidateAll()"));

    // What a dashboard made for Caffeine does: sum by cache.
    assertEquals(Map.of(NAMESPACE, 3.0), sumByCache(registry, "cache.gets", "result", "hit"));
    assertEquals(Map.of(NAMESPACE, 5.0), sumByCache(registry, "cache.gets", "result", "miss"));
    assertEquals(Map.of(NAMESPACE, 2.0), sumByCache(registry, "lightcache.invalidations"));

    assertEquals(
        Set.of("get(long)", "list(int)"), methodsOf("cache.gets"), "gets only for cached methods");
    assertEquals(Set.of("get(long)", "list(int)"), methodsOf("cache.load.duration"));
    assertEquals(
        Set.of("post(Product)", "delete(long)", "invalidateAll()"), methodsOf("lightcache.invalidations"));
    assertEquals(
        Set.of("get(long)", "list(int)", "post(Product)", "delete(long)", "invalidateAll()"),
        methodsOf("lightcache.cache.errors"));
    assertEquals(Set.of("cache"), registry.get("cache.size").meter().getId().getTags().stream()
        .map(Tag::getKey).collect(Collectors.toSet()), "the backend's meters stay per proxy");
  }

  @Test
  void loadDurationIsTheTimeSpentInLoadsWhenTheProxyTimesThem() {
    long loadNanos = TimeUnit.MILLISECONDS.toNanos(20);
    CachedProductEndpoint products =
        CachedProductEndpoint.builder(new ProductStore(loadNanos))
            .statsRecorder(LightcacheMetrics.timeLoads())
            .build();
    LightcacheMetrics.of(products).bindTo(registry);

    long start = System.nanoTime();
    products.get(1);
    products.get(1);
    products.get(2);
    assertThrows(IllegalArgumentException.class, () -> products.get(-1));
    long elapsed = System.nanoTime() - start;

    TimeGauge duration = registry.get("cache.load.duration").timeGauge();
    double loaded = duration.value(TimeUnit.NANOSECONDS);
    assertTrue(loaded >= 3 * loadNanos, "three loads of 20 ms, failed one included: " + loaded);
    assertTrue(loaded <= elapsed, "no more than the calls took: " + loaded + " > " + elapsed);
  }

  @Test
  void noLoadDurationWithoutARecorder() {
    CachedProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore());
    LightcacheMetrics.of(products).perMethod().bindTo(registry);
    products.get(1);

    assertNull(registry.find("cache.load.duration").meter());
  }

  @Test
  void evictionsAreTheInMemoryCachesSizeAndExpiryEvictions() {
    AtomicLong clock = new AtomicLong();
    InMemoryCache memory =
        InMemoryCache.builder().maximumSize(2).ticker(clock::get).executor(Runnable::run).build();
    CachedProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore(), memory);
    LightcacheMetrics.of(products).bindTo(registry);

    products.get(1);
    products.get(2);
    products.get(3);
    memory.cleanUp();
    assertEquals(1, count("cache.evictions"), "one entry over the bound of 2");
    assertEquals(2, gauge("cache.size"));

    clock.addAndGet(Duration.ofSeconds(61).toNanos()); // the proxy's entries live 60 s
    memory.cleanUp();
    assertEquals(3, count("cache.evictions"), "and the two that expired");
    assertEquals(0, gauge("cache.size"));

    products.get(4);
    products.invalidateAll();
    assertEquals(3, count("cache.evictions"), "an invalidation is not an eviction");
  }

  @Test
  void cacheErrorsAreCountedWhereTheyHappened() {
    BrokenCache broken = new BrokenCache();
    CachedProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore(), broken);
    LightcacheMetrics.of(products).bindTo(registry);
    CachedProductEndpoint perMethod = CachedProductEndpoint.wrap(new ProductStore(), broken);
    MeterRegistry perMethodRegistry = new SimpleMeterRegistry();
    LightcacheMetrics.of(perMethod).perMethod().bindTo(perMethodRegistry);

    for (CachedProductEndpoint proxy : List.of(products, perMethod)) {
      proxy.get(1); // the read fails: a miss, loaded and not stored (a failed read skips the store)
      proxy.invalidateAll(); // fails
    }

    assertEquals(2, products.stats().cacheErrors(), "a failed read and a failed invalidation");
    assertEquals(2, count("lightcache.cache.errors"));
    assertEquals(1, count("cache.gets", "result", "miss"));
    assertEquals(1, count("lightcache.invalidations"));
    assertEquals(1, count(perMethodRegistry, "lightcache.cache.errors", "method", "get(long)"));
    assertEquals(1, count(perMethodRegistry, "lightcache.cache.errors", "method", "invalidateAll()"));
    assertEquals(0, count(perMethodRegistry, "lightcache.cache.errors", "method", "post(Product)"));
    assertNull(registry.find("cache.size").meter(), "no size over a backend other than InMemoryCache");
    assertNull(registry.find("cache.evictions").meter());
  }

  @Test
  void aDecoratorThatPassesStatsOnIsBoundToItsProxy() {
    CachedProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore());
    CachingProxy decorator =
        new CachingProxy() {
          @Override
          public CacheStats stats() {
            return products.stats();
          }

          @Override
          public void invalidateAll() {
            products.invalidateAll();
          }
        };
    LightcacheMetrics.of(decorator).name("products").tags("app", "shop").bindTo(registry);
    products.get(1);
    products.get(1);

    assertEquals(1, count("cache.gets", "cache", "products", "app", "shop", "result", "hit"));
  }

  @Test
  void onlyGeneratedProxiesAreAccepted() {
    CachingProxy handWritten =
        new CachingProxy() {
          @Override
          public CacheStats stats() {
            return new CacheStats(1, 2, 3, 0, 0, 0, Map.of());
          }

          @Override
          public void invalidateAll() {}
        };
    CachedProductEndpoint first = CachedProductEndpoint.wrap(new ProductStore());
    CachedProductEndpoint second = CachedProductEndpoint.wrap(new ProductStore());
    CachingProxy combined =
        new CachingProxy() {
          @Override
          public CacheStats stats() {
            first.stats();
            return second.stats();
          }

          @Override
          public void invalidateAll() {}
        };

    assertThrows(IllegalArgumentException.class, () -> LightcacheMetrics.of(handWritten));
    assertThrows(IllegalArgumentException.class, () -> LightcacheMetrics.of(combined));
  }

  @Test
  void theBindersOwnTagKeysCannotBeGivenAsTags() {
    LightcacheMetrics metrics = LightcacheMetrics.of(CachedProductEndpoint.wrap(new ProductStore()));

    for (String key : List.of("cache", "method", "result")) {
      assertThrows(IllegalArgumentException.class, () -> metrics.tags(key, "x"), key);
    }
    assertThrows(IllegalArgumentException.class, () -> metrics.tags("odd"));
  }

  @Test
  void metersDoNotKeepTheProxyAlive() throws InterruptedException {
    CachedProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore());
    LightcacheMetrics.of(products).bindTo(registry);
    products.get(1);
    assertEquals(1, count("cache.gets", "result", "miss"));
    assertEquals(1, gauge("cache.size"));
    WeakReference<ProxyCounters> counters = new WeakReference<>(ProxyCounters.of(products));
    assertTrue(counters.get() != null);
    products = null;

    // The proxy's counters and its cache are collected, not necessarily in the same GC cycle (on JDK 25
    // the cache outlived the engine by a cycle): wait, bounded, for both.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((counters.get() != null || !Double.isNaN(gauge("cache.size")))
        && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }
    assertNull(counters.get(), "the proxy's counters were collected");
    assertEquals(1, count("cache.gets", "result", "miss"), "a counter keeps its last value");
    assertTrue(Double.isNaN(gauge("cache.size")), "a gauge reads NaN");
  }

  /**
   * The proxy under test is the processor's golden output, byte for byte: the runtime's tests run what
   * the processor writes, not a hand-made imitation.
   */
  @Test
  void theProxyUnderTestIsTheProcessorsGoldenOutput() throws IOException {
    Path golden = Path.of("../processor/src/test/resources/expected/com/acme/CachedProductEndpoint.java");
    Assumptions.assumeTrue(Files.exists(golden), "the processor module is not beside this one");
    Path copy = Path.of("src/test/java/com/acme/CachedProductEndpoint.java");

    assertEquals(Files.readString(golden), Files.readString(copy), "copy " + golden + " to " + copy);
  }

  // ---------------------------------------------------------------- reading the registry

  private double count(String name, String... tags) {
    return count(registry, name, tags);
  }

  /** The one function counter of that name whose tags include these. */
  static double count(MeterRegistry registry, String name, String... tags) {
    Collection<FunctionCounter> found = registry.find(name).tags(tags).functionCounters();
    assertEquals(1, found.size(), name + " " + List.of(tags) + ": " + found);
    return found.iterator().next().count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private Set<String> methodsOf(String name) {
    return registry.find(name).meters().stream()
        .map(meter -> meter.getId().getTag("method"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** {@code sum(name{tags}) by (cache)}, as a dashboard asks. */
  static Map<String, Double> sumByCache(MeterRegistry registry, String name, String... tags) {
    Map<String, Double> sums = new TreeMap<>();
    for (FunctionCounter counter : registry.find(name).tags(tags).functionCounters()) {
      sums.merge(counter.getId().getTag("cache"), counter.count(), Double::sum);
    }
    return sums;
  }

  /** Each meter name with the tag keys its meters carry (all of them the same, or it fails). */
  static Map<String, Set<String>> tagKeysByName(Collection<Meter> meters) {
    Map<String, Set<String>> keys = new TreeMap<>();
    for (Meter meter : meters) {
      Set<String> these =
          meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toCollection(TreeSet::new));
      Set<String> earlier = keys.putIfAbsent(meter.getId().getName(), these);
      assertTrue(earlier == null || earlier.equals(these), meter.getId() + " against " + earlier);
    }
    return keys;
  }

  /** A backend whose every call fails. */
  static final class BrokenCache implements Cache {
    private final Map<String, Object> unused = new ConcurrentHashMap<>();

    @Override
    public @Nullable Object get(String key) {
      throw new IllegalStateException("down");
    }

    @Override
    public void set(String key, Object value, @Nullable Duration expiration) {
      throw new IllegalStateException("down");
    }

    @Override
    public void delete(String key) {
      throw new IllegalStateException("down");
    }

    @Override
    public void flush() {
      unused.clear();
      throw new IllegalStateException("down");
    }
  }

  @Test
  void bindingTwiceToOneRegistryRegistersOnce() {
    CachedProductEndpoint products = CachedProductEndpoint.wrap(new ProductStore());
    LightcacheMetrics metrics = LightcacheMetrics.of(products);
    metrics.bindTo(registry);
    int meters = registry.getMeters().size();
    metrics.bindTo(registry);
    products.get(1);

    assertEquals(meters, registry.getMeters().size());
    assertEquals(1, count("cache.gets", "result", "miss"));
    assertFalse(metrics.toString().isEmpty());
  }
}
