package dev.lightcache.runtime.micrometer;

import static dev.lightcache.runtime.micrometer.LightcacheMetricsTest.sumByCache;
import static dev.lightcache.runtime.micrometer.LightcacheMetricsTest.tagKeysByName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.CachedProductEndpoint;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A dashboard made for Micrometer's Caffeine binder shows Lightcache's proxies unchanged: the same
 * meter names, types and tag keys, and the same query ({@code sum(cache.gets{result="hit"}) by (cache)})
 * answers for both caches in one registry, in memory and in a Prometheus scrape.
 */
class DashboardCompatibilityTest {

  private static final String CAFFEINE = "caffeine-prices";
  private static final String LIGHTCACHE = "com.acme.ProductEndpoint";

  private enum Binding {
    TOTALS,
    PER_METHOD;

    void bind(LightcacheMetrics metrics, MeterRegistry registry) {
      (this == PER_METHOD ? metrics.perMethod() : metrics).bindTo(registry);
    }
  }

  /** Two hits and two misses (two loads). */
  private static LoadingCache<String, Integer> caffeine(MeterRegistry registry) {
    LoadingCache<String, Integer> prices = Caffeine.newBuilder().recordStats().build(String::length);
    CaffeineCacheMetrics.monitor(registry, prices, CAFFEINE);
    prices.get("apple");
    prices.get("apple");
    prices.get("pear");
    prices.get("apple");
    return prices;
  }

  /** Three hits, two misses (two loads). */
  private static CachedProductEndpoint lightcache(Binding binding, MeterRegistry registry) {
    CachedProductEndpoint products =
        CachedProductEndpoint.builder(new ProductStore()).statsRecorder(LightcacheMetrics.timeLoads()).build();
    binding.bind(LightcacheMetrics.of(products), registry);
    products.get(1);
    products.get(1);
    products.list(0);
    products.list(0);
    products.get(1);
    return products;
  }

  @Test
  void theSameMetersAsCaffeinesWithTheSameTagKeys() {
    MeterRegistry registry = new SimpleMeterRegistry();
    LoadingCache<String, Integer> prices = caffeine(registry);
    CachedProductEndpoint products = lightcache(Binding.TOTALS, registry);

    assertEquals(
        Map.of(CAFFEINE, 2.0, LIGHTCACHE, 3.0), sumByCache(registry, "cache.gets", "result", "hit"));
    assertEquals(
        Map.of(CAFFEINE, 2.0, LIGHTCACHE, 2.0), sumByCache(registry, "cache.gets", "result", "miss"));
    assertEquals(Map.of(CAFFEINE, 2.0, LIGHTCACHE, 2.0), sumByCache(registry, "cache.load", "result", "success"));
    assertEquals(2, prices.stats().hitCount());
    assertEquals(3, products.stats().hits());

    Map<String, Set<String>> keys = tagKeysByName(registry.getMeters()); // fails on a mismatch
    Set<String> shared = new TreeSet<>(List.of("cache.gets", "cache.puts", "cache.load", "cache.load.duration",
        "cache.size", "cache.evictions"));
    assertTrue(keys.keySet().containsAll(shared), keys.toString());
    for (String name : shared) {
      Map<String, Set<String>> cachesByKind = new TreeMap<>();
      for (Meter meter : registry.find(name).meters()) {
        cachesByKind.computeIfAbsent(kind(meter), k -> new TreeSet<>()).add(meter.getId().getTag("cache"));
      }
      assertEquals(
          Map.of(kind(registry.find(name).meters().iterator().next()), Set.of(CAFFEINE, LIGHTCACHE)),
          cachesByKind,
          name + ": one kind of meter, from both caches");
    }
  }

  @Test
  void aPrometheusScrapeAnswersTheSameQueryForBoth() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    caffeine(registry);
    lightcache(Binding.TOTALS, registry);

    String scrape = registry.scrape();

    assertEquals(Map.of(CAFFEINE, 2.0, LIGHTCACHE, 3.0), sumScrapeByCache(scrape, "cache_gets_total", "result=\"hit\""));
    assertEquals(Map.of(CAFFEINE, 2.0, LIGHTCACHE, 2.0), sumScrapeByCache(scrape, "cache_gets_total", "result=\"miss\""));
    assertEquals(Set.of(CAFFEINE, LIGHTCACHE), sumScrapeByCache(scrape, "cache_load_duration_seconds", "").keySet());
    assertEquals(Set.of(CAFFEINE, LIGHTCACHE), sumScrapeByCache(scrape, "cache_size", "").keySet());
    assertEquals(Set.of(LIGHTCACHE), sumScrapeByCache(scrape, "lightcache_invalidations_total", "").keySet());
  }

  /**
   * What docs/metrics.md warns about: per-method meters carry a tag key Caffeine's do not, and a
   * Prometheus registry of Micrometer 1.16 drops the later of two meters of one name with different tag
   * keys. Lightcache's own meters, which no other binder names, are all there.
   */
  @Test
  void perMethodMetersBesideCaffeineAreDroppedByPrometheusBefore117() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    caffeine(registry);
    lightcache(Binding.PER_METHOD, registry);

    String scrape = registry.scrape();

    assertEquals(Map.of(CAFFEINE, 2.0), sumScrapeByCache(scrape, "cache_gets_total", "result=\"hit\""));
    assertFalse(scrape.contains("method=\"get(long)\",result=\"hit\""), scrape);
    assertTrue(
        scrape.contains("lightcache_invalidations_total{cache=\"com.acme.ProductEndpoint\",method=\"invalidateAll()\"}"),
        scrape);
  }

  @Test
  void perMethodMetersAloneReachPrometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    lightcache(Binding.PER_METHOD, registry);

    String scrape = registry.scrape();

    assertEquals(Map.of(LIGHTCACHE, 3.0), sumScrapeByCache(scrape, "cache_gets_total", "result=\"hit\""));
    assertTrue(
        scrape.contains("cache_gets_total{cache=\"com.acme.ProductEndpoint\",method=\"get(long)\",result=\"hit\"} 2.0"),
        scrape);
  }

  /** {@code sum(name{filter}) by (cache)} over the lines of a Prometheus text scrape. */
  private static Map<String, Double> sumScrapeByCache(String scrape, String name, String filter) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Pattern cache = Pattern.compile("(?:^|,)cache=\"([^\"]*)\"");
    Map<String, Double> sums = new TreeMap<>();
    Matcher m = line.matcher(scrape);
    while (m.find()) {
      String labels = m.group(1);
      Matcher c = cache.matcher(labels);
      if (labels.contains(filter) && c.find()) {
        sums.merge(c.group(1), Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    return sums;
  }

  private static String kind(Meter meter) {
    if (meter instanceof TimeGauge) {
      return "TimeGauge";
    }
    if (meter instanceof Gauge) {
      return "Gauge";
    }
    if (meter instanceof FunctionCounter) {
      return "FunctionCounter";
    }
    return meter.getClass().getName();
  }

  @Test
  void theLightcacheMeterNamesAreCaffeinesPlusItsOwn() {
    MeterRegistry registry = new SimpleMeterRegistry();
    lightcache(Binding.TOTALS, registry);

    assertEquals(
        Set.of("cache.gets", "cache.puts", "cache.load", "cache.load.duration", "cache.size", "cache.evictions",
            "lightcache.invalidations", "lightcache.cache.errors"),
        registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet()));
  }
}
