package dev.lightcache.samples.redis;

import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.SlowProductStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The quickstart on Redis: the same endpoint, its entries shared by every process that uses the same
 * Redis. Runs when {@code LIGHTCACHE_REDIS_URL} is set:
 *
 * <pre>
 * LIGHTCACHE_REDIS_URL=redis://localhost:6379 \
 *   mvn -q -pl samples exec:java -Dexec.mainClass=dev.lightcache.samples.redis.RedisQuickstart
 * </pre>
 */
public final class RedisQuickstart {

  /** The key prefix of this sample's entries. */
  public static final String PREFIX = "lightcache-quickstart:";

  private RedisQuickstart() {}

  public static void main(String[] args) {
    String url = System.getenv(DefaultRedisCache.URL_ENVIRONMENT_VARIABLE);
    if (url == null || url.isBlank()) {
      System.out.println(
          "Set " + DefaultRedisCache.URL_ENVIRONMENT_VARIABLE
              + " (for example redis://localhost:6379) to run the Redis quickstart.");
      return;
    }
    run(System.out, url, 200);
  }

  /**
   * Runs the quickstart against the Redis at {@code url}.
   *
   * @param out where to print
   * @param url the Redis URL
   * @param delayMillis how slow the store is
   * @return the proxy's statistics at the end
   */
  public static CacheStats run(PrintStream out, String url, long delayMillis) {
    // tag::configure[]
    RedisCacheConfig config =
        RedisCacheConfig.builder()
            .prefix(PREFIX)                            // every key of this cache starts with it
            .defaultExpiration(Duration.ofMinutes(10)) // for entries stored without an expiration
            .connectTimeout(Duration.ofSeconds(2))     // the defaults, spelled out
            .readTimeout(Duration.ofSeconds(1))
            .build();
    DefaultRedisCache cache = new DefaultRedisCache(url, config);
    // end::configure[]
    try {
      cache.flush(); // start cold: entries of an earlier run would be hits
      // tag::wrap[]
      SlowProductStore store = new SlowProductStore(100, delayMillis);
      CachedProductEndpoint products = CachedProductEndpoint.wrap(store, cache);
      // end::wrap[]

      timed(out, "get(42)  first call  (miss)", () -> products.get(42));
      timed(out, "get(42)  second call (hit) ", () -> products.get(42));
      products.post(new Product(42, "renamed", 4200)); // invalidates for every process at once
      timed(out, "get(42)  after post  (miss)", () -> products.get(42));
      timed(out, "get(42)  again       (hit) ", () -> products.get(42));

      CacheStats stats = products.stats();
      out.printf(Locale.ROOT, "hits=%d misses=%d hitRate=%.2f%n",
          stats.hits(), stats.misses(), stats.hitRate());
      out.println("entries: redis-cli --scan --pattern '" + PREFIX + "*'");
      return stats;
    } finally {
      cache.close();
    }
  }

  private static void timed(PrintStream out, String label, Supplier<Object> call) {
    long start = System.nanoTime();
    Object result = call.get();
    long micros = (System.nanoTime() - start) / 1_000;
    out.printf(Locale.ROOT, "%s %9.3f ms  %s%n", label, micros / 1000.0, result);
  }
}
