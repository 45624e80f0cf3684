package dev.lightcache.runtime.micrometer;

import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.CachingProxy;
import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.ProxyBuilder;
import dev.lightcache.runtime.StatsRecorder;
import dev.lightcache.runtime.internal.ProxyCounters;
import dev.lightcache.runtime.internal.ProxyCounters.Counted;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Registers the meters of one caching proxy, under the names Micrometer's own cache binders use
 * ({@code CaffeineCacheMetrics}, {@code JCacheMetrics}), so that dashboards made for those show
 * Lightcache's proxies too:
 *
 * <pre>{@code
 * CachedProductEndpoint products = CachedProductEndpoint.builder(store)
 *     .statsRecorder(LightcacheMetrics.timeLoads())   // optional: cache.load.duration
 *     .build();
 * LightcacheMetrics.of(products).bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>counts</th></tr>
 *   <tr><td>{@code cache.gets}</td><td>function counter</td><td>{@code result=hit|miss}</td>
 *       <td>cached calls answered from the cache, and the others ({@link CacheStats#hits()},
 *       {@link CacheStats#misses()})</td></tr>
 *   <tr><td>{@code cache.puts}</td><td>function counter</td><td></td>
 *       <td>loads that returned: their values go to the backend</td></tr>
 *   <tr><td>{@code cache.load}</td><td>function counter</td><td>{@code result=success|failure}</td>
 *       <td>calls to the delegate made to fill the cache, by outcome</td></tr>
 *   <tr><td>{@code cache.load.duration}</td><td>time gauge</td><td></td>
 *       <td>total time spent in loads; only for a proxy with a {@link StatsRecorder} (see {@link
 *       #timeLoads()})</td></tr>
 *   <tr><td>{@code cache.size}</td><td>gauge</td><td></td>
 *       <td>entries in the proxy's {@link InMemoryCache}; absent over other backends</td></tr>
 *   <tr><td>{@code cache.evictions}</td><td>function counter</td><td></td>
 *       <td>{@link InMemoryCache#evictionCount()}; absent over other backends</td></tr>
 *   <tr><td>{@code lightcache.cache.errors}</td><td>function counter</td><td></td>
 *       <td>failed backend calls handled by the error handler ({@link CacheStats#cacheErrors()})</td></tr>
 *   <tr><td>{@code lightcache.invalidations}</td><td>function counter</td><td></td>
 *       <td>invalidating calls and {@link CachingProxy#invalidateAll()} ({@link
 *       CacheStats#invalidations()})</td></tr>
 * </table>
 *
 * <p>Every meter carries the tag {@code cache}: the endpoint's namespace (its interface's qualified name
 * unless {@code @Cached(namespace = ...)} says otherwise), or the {@link #name(String) name} given here;
 * plus the {@link #tags(Iterable) tags} given here. By default each meter counts the whole proxy, so that
 * the meters carry exactly the tag keys of Micrometer's Caffeine binder: Prometheus registries before
 * Micrometer 1.17 drop a meter whose tag keys differ from those of an earlier meter of the same name.
 * {@link #perMethod()} splits them by method instead, with a {@code method} tag; summed by {@code cache},
 * they give the same totals.
 *
 * <p>The meters read the proxy's own counters when the registry asks: nothing is added to a call. They
 * hold the proxy weakly, as Micrometer's binders hold their caches: a proxy that is no longer used can
 * be collected, and then its counters keep their last values and its gauges read {@code NaN}. The
 * backend's own meters, when it is a {@code DefaultRedisCache} shared by several proxies, are bound once
 * with {@link RedisCacheMetrics}.
 *
 * <p>Immutable and thread-safe; {@link #bindTo} may be called for several registries.
 */
public final class LightcacheMetrics implements MeterBinder {

  /** The tag keys this binder writes itself. */
  private static final Set<String> OWN_KEYS = Set.of("cache", "method", "result");

  private static final String GETS = "The number of cached calls answered from the cache (hit) or not (miss)";
  private static final String LOADS =
      "The number of calls to the delegate made to fill the cache, which returned (success) or threw (failure)";
  private static final String INVALIDATIONS =
      "The number of invalidating calls, invalidateAll() included";
  private static final String ERRORS =
      "The number of backend calls that failed and were handled by the proxy's CacheErrorHandler";

  /** The slot meaning "every method", for {@link #read}. */
  private static final int TOTAL = Integer.MIN_VALUE;

  private final ProxyCounters counters;
  private final String name;
  private final Tags tags;
  private final boolean perMethod;

  private LightcacheMetrics(ProxyCounters counters, String name, Tags tags, boolean perMethod) {
    this.counters = counters;
    this.name = name;
    this.tags = tags;
    this.perMethod = perMethod;
  }

  /**
   * A binder for a proxy generated by Lightcache, or for an object whose {@link CachingProxy#stats()}
   * is that of one such proxy (a decorator that passes the call on).
   *
   * @param proxy the proxy
   * @return a binder tagging its meters {@code cache=<the endpoint's namespace>}
   * @throws IllegalArgumentException if {@code proxy}'s statistics are not those of exactly one
   *     generated proxy
   */
  public static LightcacheMetrics of(CachingProxy proxy) {
    Objects.requireNonNull(proxy, "proxy");
    ProxyCounters counters = ProxyCounters.of(proxy);
    if (counters == null) {
      throw new IllegalArgumentException(
          proxy.getClass().getName()
              + " is not a proxy generated by Lightcache: its stats() are not those of exactly one"
              + " generated proxy. Bind the generated proxy itself.");
    }
    return new LightcacheMetrics(counters, counters.namespace(), Tags.empty(), false);
  }

  /**
   * A recorder to install on a proxy, with {@link ProxyBuilder#statsRecorder}, so that it times its
   * loads and {@link #bindTo} registers {@code cache.load.duration}. A proxy reads the clock around its
   * loads only when it has a recorder; any recorder other than {@link StatsRecorder#none()} does, and
   * this one records nothing else.
   *
   * @return a recorder that only makes the proxy time its loads
   */
  public static StatsRecorder timeLoads() {
    return new StatsRecorder() {
      @Override
      public String toString() {
        return "LightcacheMetrics.timeLoads()";
      }
    };
  }

  /**
   * The value of the {@code cache} tag, instead of the endpoint's namespace: for a namespace too long
   * for a dashboard, or to tell apart two proxies of one endpoint.
   *
   * @param cacheName the name
   * @return a binder with that name
   */
  public LightcacheMetrics name(String cacheName) {
    return new LightcacheMetrics(counters, Objects.requireNonNull(cacheName, "cacheName"), tags, perMethod);
  }

  /**
   * More tags on every meter, such as the application's, or {@code cache.manager} to match meters that
   * Spring Boot binds for its caches.
   *
   * @param more the tags; not {@code cache}, {@code method} or {@code result}, which this binder writes
   * @return a binder with these tags added
   * @throws IllegalArgumentException if a tag has one of the binder's own keys
   */
  public LightcacheMetrics tags(Iterable<Tag> more) {
    for (Tag tag : more) {
      if (OWN_KEYS.contains(tag.getKey())) {
        throw new IllegalArgumentException(
            "the tag " + tag.getKey() + " is written by LightcacheMetrics"
                + (tag.getKey().equals("cache") ? "; use name(String) for its value" : ""));
      }
    }
    return new LightcacheMetrics(counters, name, tags.and(more), perMethod);
  }

  /**
   * More tags on every meter.
   *
   * @param keyValues keys and values, alternating
   * @return a binder with these tags added
   * @throws IllegalArgumentException if a tag has one of the binder's own keys, or the count is odd
   */
  public LightcacheMetrics tags(String... keyValues) {
    return tags(Tags.of(keyValues));
  }

  /**
   * Meters per method, tagged {@code method} with the method's signature as {@link
   * CacheStats#byMethod()} names it ({@code get(long)}; {@code invalidateAll()} for {@link
   * CachingProxy#invalidateAll()}): {@code cache.gets}, {@code cache.puts}, {@code cache.load}, {@code
   * cache.load.duration} for each cached method, {@code lightcache.invalidations} for each invalidating
   * one, {@code lightcache.cache.errors} for each. {@code cache.size} and {@code cache.evictions} stay
   * per proxy. No meter counts the whole proxy then: a sum by {@code cache} does.
   *
   * <p>The meters then carry a tag key that Micrometer's Caffeine binder does not. Prometheus registries
   * before Micrometer 1.17 refuse a meter whose tag keys differ from those of an earlier one of the
   * same name: there, use this only where no other cache binder registers {@code cache.gets}, and for
   * every Lightcache proxy or none.
   *
   * @return a binder with meters per method
   */
  public LightcacheMetrics perMethod() {
    return new LightcacheMetrics(counters, name, tags, true);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags proxyTags = tags.and("cache", name);
    if (perMethod) {
      for (String method : counters.cachedMethods()) {
        bindCalls(registry, proxyTags.and("method", method), counters.slot(method));
      }
      List<String> invalidating = new ArrayList<>(counters.invalidatingMethods());
      invalidating.add(ProxyCounters.invalidateAllMethod());
      for (String method : invalidating) {
        counter(registry, "lightcache.invalidations", proxyTags.and("method", method), counters.slot(method),
            Counted.INVALIDATIONS, INVALIDATIONS);
      }
      List<String> all = new ArrayList<>(counters.cachedMethods());
      all.addAll(invalidating);
      for (String method : all) {
        counter(registry, "lightcache.cache.errors", proxyTags.and("method", method), counters.slot(method),
            Counted.CACHE_ERRORS, ERRORS);
      }
    } else {
      bindCalls(registry, proxyTags, TOTAL);
      counter(registry, "lightcache.invalidations", proxyTags, TOTAL, Counted.INVALIDATIONS, INVALIDATIONS);
      counter(registry, "lightcache.cache.errors", proxyTags, TOTAL, Counted.CACHE_ERRORS, ERRORS);
    }
    if (counters.cache() instanceof InMemoryCache memory) {
      Gauge.builder("cache.size", memory, InMemoryCache::estimatedSize)
          .tags(proxyTags)
          .description("The number of entries in the proxy's in-memory cache, as Caffeine estimates it")
          .register(registry);
      FunctionCounter.builder("cache.evictions", memory, InMemoryCache::evictionCount)
          .tags(proxyTags)
          .description("The number of entries the in-memory cache evicted by its size bound or on expiry")
          .register(registry);
    }
  }

  /** The meters of cached calls: for one method's slot, or for {@link #TOTAL}. */
  private void bindCalls(MeterRegistry registry, Tags meterTags, int slot) {
    counter(registry, "cache.gets", meterTags.and("result", "hit"), slot, Counted.HITS, GETS);
    counter(registry, "cache.gets", meterTags.and("result", "miss"), slot, Counted.MISSES, GETS);
    counter(registry, "cache.puts", meterTags, slot, Counted.LOAD_SUCCESSES,
        "The number of loads that returned a value for the cache");
    counter(registry, "cache.load", meterTags.and("result", "success"), slot, Counted.LOAD_SUCCESSES, LOADS);
    counter(registry, "cache.load", meterTags.and("result", "failure"), slot, Counted.LOAD_FAILURES, LOADS);
    if (counters.timesLoads()) {
      TimeGauge.builder("cache.load.duration", counters, TimeUnit.NANOSECONDS, read(slot, Counted.LOAD_NANOS))
          .tags(meterTags)
          .description("The time the proxy has spent loading values, successful or not")
          .register(registry);
    }
  }

  private void counter(
      MeterRegistry registry, String meter, Tags meterTags, int slot, Counted counted, String description) {
    FunctionCounter.builder(meter, counters, read(slot, counted))
        .tags(meterTags)
        .description(description)
        .register(registry);
  }

  /**
   * Reads one counter of the proxy's counters that Micrometer passes in. The function must not hold them
   * itself: Micrometer keeps the function strongly and the counters weakly.
   */
  private static ToDoubleFunction<ProxyCounters> read(int slot, Counted counted) {
    return slot == TOTAL ? e -> e.total(counted) : e -> e.count(slot, counted);
  }

  @Override
  public String toString() {
    return "LightcacheMetrics[cache=" + name + (perMethod ? ", per method" : "") + ", " + counters + "]";
  }
}
