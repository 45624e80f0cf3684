package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.CachingProxy;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a metrics binder reads of one proxy: its namespace and methods, its backend, and its live
 * counters by method. Each {@link ProxyEngine} holds one for its whole life, so whoever holds this
 * weakly (Micrometer holds the objects of its function meters weakly) lets the proxy be collected.
 *
 * <p>Found from the public {@link CachingProxy} by {@link #of}: nothing in a generated class or in
 * {@code CachingProxy} names this internal type.
 *
 * <p>Thread-safe.
 */
public final class ProxyCounters {

  /** The counters that answered {@link CachingProxy#stats()} in this thread while {@link #of} asked. */
  private static final ThreadLocal<List<ProxyCounters>> ANSWERING = new ThreadLocal<>();

  private final Endpoint endpoint;
  private final ProxyStats stats;
  private final Cache cache;

  ProxyCounters(Endpoint endpoint, ProxyStats stats, Cache cache) {
    this.endpoint = endpoint;
    this.stats = stats;
    this.cache = cache;
  }

  /**
   * The counters behind a proxy: those of the engine that answers when the proxy is asked for its
   * {@link CachingProxy#stats() stats}. A generated proxy's {@code stats()} is its engine's, and so is
   * that of a decorator that passes the call on.
   *
   * @param proxy a proxy
   * @return its counters, or {@code null} if no engine answered, or more than one did (a proxy that
   *     combines several)
   */
  public static @Nullable ProxyCounters of(CachingProxy proxy) {
    List<ProxyCounters> outer = ANSWERING.get();
    List<ProxyCounters> answering = new ArrayList<>(1);
    ANSWERING.set(answering);
    try {
      proxy.stats();
    } finally {
      if (outer == null) {
        ANSWERING.remove();
      } else {
        ANSWERING.set(outer);
      }
    }
    return answering.size() == 1 ? answering.get(0) : null;
  }

  /** The snapshot a proxy's {@code stats()} returns; notes the answer while {@link #of} asks. */
  CacheStats snapshot() {
    List<ProxyCounters> probe = ANSWERING.get();
    if (probe != null && !probe.contains(this)) {
      probe.add(this);
    }
    return stats.snapshot();
  }

  /** What {@link #count} and {@link #total} read: the counters behind {@link CacheStats}, and load time. */
  public enum Counted {
    /** Cached calls answered from the cache. */
    HITS,
    /** Cached calls not answered from the cache. */
    MISSES,
    /** Loads that returned. */
    LOAD_SUCCESSES,
    /** Loads that threw or whose future failed. */
    LOAD_FAILURES,
    /** Nanoseconds spent in loads, successful or not; only while {@link #timesLoads()}. */
    LOAD_NANOS,
    /** Failed backend calls handled by the error handler. */
    CACHE_ERRORS,
    /** Invalidating calls. */
    INVALIDATIONS
  }

  /** The endpoint's namespace, the first part of its keys. */
  public String namespace() {
    return endpoint.namespace();
  }

  /** The signatures of the cached methods, such as {@code get(long)}, in registration order. */
  public List<String> cachedMethods() {
    List<String> cached = new ArrayList<>();
    for (CachedMethod method : endpoint.cachedMethods()) {
      cached.add(method.signature());
    }
    return cached;
  }

  /** The signatures of the invalidating methods, in registration order. */
  public List<String> invalidatingMethods() {
    List<String> invalidating = new ArrayList<>(endpoint.signatures());
    invalidating.removeAll(cachedMethods());
    return invalidating;
  }

  /** The pseudo-method that a proxy's {@code invalidateAll()} is counted under: {@code invalidateAll()}. */
  public static String invalidateAllMethod() {
    return ProxyStats.INVALIDATE_ALL;
  }

  /** The backend the proxy reads and writes. */
  public Cache cache() {
    return cache;
  }

  /** Whether loads are timed ({@link Counted#LOAD_NANOS}): only with a stats recorder installed. */
  public boolean timesLoads() {
    return stats.recording;
  }

  /**
   * The slot of a method's counters, for {@link #count}.
   *
   * @param signature a method's signature, or {@link #invalidateAllMethod()}
   * @return the slot
   * @throws IllegalArgumentException if the endpoint has no such method
   */
  public int slot(String signature) {
    return stats.slotOf(signature);
  }

  /** One counter of one method, by {@link #slot}; it only grows. */
  public long count(int slot, Counted counted) {
    return stats.count(slot, counted);
  }

  /** One counter summed over every method and {@code invalidateAll()}; it only grows. */
  public long total(Counted counted) {
    return stats.total(counted);
  }

  @Override
  public String toString() {
    return "ProxyCounters[" + endpoint.keyPrefix() + " on " + cache + "]";
  }
}
