package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** "One backend per class": wrap(delegate) over @Cached(cache = X.class) shares one X. */
class SharedBackendTest {

  @Test
  void aThousandWrapsMakeOneBackendAndShareItsEntries() {
    AtomicInteger calls = new AtomicInteger();
    Shared delegate = id -> "row " + id + " #" + calls.incrementAndGet();
    int before = CountingBackend.INSTANCES.get();
    List<Shared> proxies = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      proxies.add(CachedShared.wrap(delegate));
    }
    // One instance in all, made by the first wrap(delegate) of the JVM (this test's, or an earlier one's).
    assertTrue(CountingBackend.INSTANCES.get() - before <= 1, "one backend for every wrap(delegate)");

    String first = proxies.get(0).get(1);
    assertEquals(first, proxies.get(999).get(1), "the proxies share the backend's entries");
    assertEquals(1, calls.get());
  }

  @Test
  void anExplicitBackendIsStillTheCallersOwn() {
    CountingBackend own = new CountingBackend();
    int before = CountingBackend.INSTANCES.get();
    Shared proxy = CachedShared.wrap(id -> "x", own);
    proxy.get(1);
    assertEquals(before, CountingBackend.INSTANCES.get());
    assertEquals(1, own.map.size());
  }
}
