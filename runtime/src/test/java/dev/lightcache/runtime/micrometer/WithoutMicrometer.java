package dev.lightcache.runtime.micrometer;

import com.acme.CachedProductEndpoint;
import dev.lightcache.runtime.StatsRecorder;
import java.util.function.Supplier;

/**
 * Runs in {@link RuntimeWithoutMicrometerTest}'s class loader, which cannot see Micrometer: a proxy with
 * the in-memory cache and a stats recorder (so that it times its loads) works all the same.
 */
public final class WithoutMicrometer implements Supplier<String> {

  @Override
  public String get() {
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      return "Micrometer is visible";
    } catch (ClassNotFoundException expected) {
      // the point
    }
    CachedProductEndpoint products =
        CachedProductEndpoint.builder(new ProductStore()).statsRecorder(new StatsRecorder() {}).build();
    products.get(1);
    products.get(1);
    products.list(0);
    products.invalidateAll();
    return products.stats().toString();
  }
}
