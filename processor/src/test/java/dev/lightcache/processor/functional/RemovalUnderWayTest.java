package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.InMemoryCache;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "A write wins" while another thread is half-way through removing an entry of an {@link
 * InMemoryCache}: the race behind the rare failures of {@link WriteWinsStressTest}, forced with latches.
 *
 * <p>Caffeine removes an entry in two steps, inside a compute of its hash table: it retires the entry's
 * node, then the table unlinks the node. Until the unlink, a lookup still finds the node and returns its
 * value, while a pass over the keys ({@code removeIf}, as in {@link InMemoryCache#invalidatePrefix})
 * skips it as already removed. A thread descheduled between the two steps (the stress test's workers
 * outnumber the cores) therefore let an endpoint invalidation return with the entry still readable.
 * Here the removal is held between the two steps by a hook in Caffeine's hash table, installed by
 * reflection: if Caffeine's internals change, update {@link HeldRemoval#install}.
 */
class RemovalUnderWayTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  @Test
  void anEndpointInvalidationThatReturnedIsNotUndoneByAKeyRemovalStillUnderWay() throws Exception {
    InMemoryCache cache = new InMemoryCache();
    HeldRemoval held = HeldRemoval.install(cache);
    RowStore store = new RowStore();
    Rows reader = CachedRows.wrap(store, cache);
    Rows writer = CachedRows.wrap(store, cache);
    store.table.put(1L, "old");
    assertEquals("old", reader.get(1)); // now the cache's only entry

    store.table.put(1L, "changed elsewhere");
    held.holdNextRemoval(key -> key.toString().endsWith("get(long):1"));
    Future<?> touch = pool.submit(() -> writer.touch(1)); // removes get(1)'s entry: held half-way
    try {
      assertTrue(held.retired.await(5, TimeUnit.SECONDS), "touch(1) never removed the entry");

      Future<?> put = pool.submit(() -> writer.put(1, "new")); // invalidates every entry of the endpoint
      try {
        put.get(1, TimeUnit.SECONDS);
        // put has returned: every call from now on must see its write.
        assertEquals("new", reader.get(1), "a read after put(1) returned got the entry put(1) invalidated");
      } catch (TimeoutException waits) {
        // put waits for the removal under way to end: nothing can be read in between.
      }
    } finally {
      held.release.countDown();
    }
    touch.get(5, TimeUnit.SECONDS);
    assertEquals("new", reader.get(1));
  }

  @Test
  void invalidatePrefixDoesNotReturnBeforeARemovalUnderWayEnds() throws Exception {
    InMemoryCache cache = new InMemoryCache();
    HeldRemoval held = HeldRemoval.install(cache);
    cache.set("ns:v1:get:1", "old", null);

    held.holdNextRemoval(key -> key.equals("ns:v1:get:1"));
    Future<?> delete = pool.submit(() -> cache.delete("ns:v1:get:1"));
    try {
      assertTrue(held.retired.await(5, TimeUnit.SECONDS), "delete never removed the entry");

      Future<?> invalidation = pool.submit(() -> cache.invalidatePrefix("ns:v1:"));
      try {
        invalidation.get(1, TimeUnit.SECONDS);
        assertNull(cache.get("ns:v1:get:1"), "invalidatePrefix returned, and its entry can still be read");
      } catch (TimeoutException waits) {
        // it waits for the removal under way to end
      }
    } finally {
      held.release.countDown();
    }
    delete.get(5, TimeUnit.SECONDS);
    assertNull(cache.get("ns:v1:get:1"));
  }

  /**
   * Holds one removal of an {@link InMemoryCache}'s Caffeine table between its two steps: after the
   * node is retired, before the table unlinks it (and with the table's lock on that key held).
   */
  static final class HeldRemoval {
    final CountDownLatch retired = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<Predicate<Object>> armed = new AtomicReference<>();

    /** The next removal of a key that {@code which} accepts is held. */
    void holdNextRemoval(Predicate<Object> which) {
      armed.set(which);
    }

    /** Replaces the (still empty) hash table inside the cache's Caffeine cache with a hooked one. */
    static HeldRemoval install(InMemoryCache cache) throws ReflectiveOperationException {
      Object manual = field(InMemoryCache.class, "entries").get(cache);
      Object bounded = field(manual.getClass(), "cache").get(manual);
      Field data = field(bounded.getClass(), "data");
      @SuppressWarnings("unchecked")
      Map<Object, Object> original = (Map<Object, Object>) data.get(bounded);
      if (!original.isEmpty()) {
        throw new IllegalStateException("install the hook before the cache holds entries");
      }
      HeldRemoval held = new HeldRemoval();
      data.set(bounded, held.new Table());
      return held;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        try {
          Field field = c.getDeclaredField(name);
          field.setAccessible(true);
          return field;
        } catch (NoSuchFieldException e) {
          // look in the superclass
        }
      }
      throw new NoSuchFieldException(type.getName() + "." + name + ": Caffeine's internals changed");
    }

    /** Caffeine removes an entry by returning null from a compute that retires the node. */
    private final class Table extends ConcurrentHashMap<Object, Object> {
      private static final long serialVersionUID = 1;

      @Override
      public Object computeIfPresent(
          Object key, BiFunction<? super Object, ? super Object, ? extends Object> remapping) {
        Predicate<Object> which = armed.get();
        if (which == null || !which.test(key) || !armed.compareAndSet(which, null)) {
          return super.computeIfPresent(key, remapping);
        }
        return super.computeIfPresent(
            key,
            (k, node) -> {
              Object next = remapping.apply(k, node);
              if (next == null) { // retired: held here, before the table unlinks it
                retired.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return next;
            });
      }
    }
  }
}
