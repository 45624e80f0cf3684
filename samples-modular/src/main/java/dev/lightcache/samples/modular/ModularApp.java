package dev.lightcache.samples.modular;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.micrometer.LightcacheMetrics;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;

/**
 * Uses Lightcache from a named module: a proxy over the in-memory cache with its Micrometer meters,
 * then, given a Redis URL, a proxy over Redis. Prints what it sees, one fact per line, for the test
 * that runs it with {@code java -p ... -m dev.lightcache.samples.modular/dev.lightcache.samples.modular.ModularApp}.
 */
public final class ModularApp {

  private ModularApp() {}

  /** @param args optionally a Redis URL, such as {@code redis://127.0.0.1:6379} */
  public static void main(String[] args) {
    run(System.out, args.length > 0 ? args[0] : null);
  }

  static void run(PrintStream out, String redisUrl) {
    out.println("app module: " + ModularApp.class.getModule().getName());
    out.println("runtime module: " + Cache.class.getModule().getName());

    // tag::in-memory[]
    Library library = new Library();
    CachedCatalog catalog = CachedCatalog.wrap(library);
    MeterRegistry registry = new SimpleMeterRegistry();
    LightcacheMetrics.of(catalog).bindTo(registry);

    catalog.find("978-0");
    catalog.find("978-0");
    // end::in-memory[]
    out.println("in-memory lookups: " + library.lookups());
    out.println("cache.gets hit: " + registry.get("cache.gets").tag("result", "hit").functionCounter().count());

    if (redisUrl != null) {
      Library shared = new Library();
      try (DefaultRedisCache redis = new DefaultRedisCache(redisUrl)) {
        Catalog first = CachedCatalog.wrap(shared, redis);
        Catalog second = CachedCatalog.wrap(shared, redis);
        Book stored = first.find("978-1");
        Book read = second.find("978-1");
        out.println("redis lookups: " + shared.lookups());
        out.println("redis value equal: " + stored.equals(read));
        out.println("redis errors: " + redis.errorCount());
      }
    }
  }
}
