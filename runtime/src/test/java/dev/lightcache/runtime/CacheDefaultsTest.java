package dev.lightcache.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A backend that implements only the four abstract methods gets correct behaviour from the defaults. */
class CacheDefaultsTest {

  /** The seed's MemoryCache: four methods, nothing else. */
  static final class MapCache implements Cache {
    final Map<String, Object> map = new ConcurrentHashMap<>();
    final AtomicInteger flushes = new AtomicInteger();

    @Override
    public Object get(String key) {
      return map.get(key);
    }

    @Override
    public void set(String key, Object value, Duration expiration) {
      map.put(key, value);
    }

    @Override
    public void delete(String key) {
      map.remove(key);
    }

    @Override
    public void flush() {
      flushes.incrementAndGet();
      map.clear();
    }
  }

  /** A backend whose every call fails, like a Redis that is down. */
  static final class BrokenCache implements Cache {
    final IllegalStateException failure = new IllegalStateException("backend down");

    @Override
    public Object get(String key) {
      throw failure;
    }

    @Override
    public void set(String key, Object value, Duration expiration) {
      throw failure;
    }

    @Override
    public void delete(String key) {
      throw failure;
    }

    @Override
    public void flush() {
      throw failure;
    }
  }

  private final MapCache cache = new MapCache();

  @Test
  void invalidatePrefixFlushesEverythingNeverLess() {
    cache.set("a:v1:get(long):1", "in", null);
    cache.set("a:v1:list(int):1", "in", null);
    cache.set("b:v1:get(long):1", "out", null);
    cache.invalidatePrefix("a:v1:");
    assertEquals(1, cache.flushes.get());
    assertNull(cache.get("a:v1:get(long):1"));
    assertNull(cache.get("a:v1:list(int):1"));
    assertTrue(cache.map.isEmpty(), "the default is broader than asked: it flushes everything");
  }

  @Test
  void typedGetTreatsAValueOfTheWrongTypeAsAMiss() {
    cache.set("s", "text", null);
    cache.set("n", NullValue.INSTANCE, null);
    cache.set("l", List.of(1, 2), null);
    cache.set("i", 7, null);
    assertEquals("text", cache.get("s", ValueType.of(String.class)));
    assertNull(cache.get("s", ValueType.of(Long.class)));
    assertSame(NullValue.INSTANCE, cache.get("n", ValueType.of(String.class)));
    assertEquals(List.of(1, 2), cache.get("l", ValueType.of(List.class, ValueType.of(Integer.class))));
    assertNull(cache.get("l", ValueType.arrayOf(ValueType.of(Integer.class))));
    assertEquals(7, cache.get("i", ValueType.of(int.class)));
    assertNull(cache.get("missing", ValueType.of(String.class)));
  }

  @Test
  void getAsyncCompletesWithTheSynchronousResult() {
    cache.set("s", "text", null);
    cache.set("n", NullValue.INSTANCE, null);
    assertEquals("text", done(cache.getAsync("s", ValueType.of(String.class))));
    assertNull(done(cache.getAsync("s", ValueType.of(Integer.class))));
    assertSame(NullValue.INSTANCE, done(cache.getAsync("n", ValueType.of(String.class))));
    assertNull(done(cache.getAsync("missing", ValueType.of(String.class))));
  }

  @Test
  void setAsyncAndDeleteAsyncDoTheWorkBeforeCompleting() {
    CompletionStage<Void> set = cache.setAsync("k", "v", Duration.ofSeconds(1));
    assertNull(done(set));
    assertEquals("v", cache.get("k"));
    CompletionStage<Void> delete = cache.deleteAsync("k");
    assertNull(done(delete));
    assertNull(cache.get("k"));
  }

  @Test
  void aFailingBackendYieldsFailedFuturesInsteadOfThrowing() {
    BrokenCache broken = new BrokenCache();
    assertFailedWith(broken.failure, broken.getAsync("k", ValueType.of(String.class)));
    assertFailedWith(broken.failure, broken.setAsync("k", "v", null));
    assertFailedWith(broken.failure, broken.deleteAsync("k"));
    // the synchronous defaults let the failure through, for the proxy's error handler to see
    assertSame(broken.failure, assertThrows(IllegalStateException.class, () -> broken.get("k", ValueType.of(String.class))));
    assertSame(broken.failure, assertThrows(IllegalStateException.class, () -> broken.invalidatePrefix("a:")));
  }

  private static <T> T done(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "the default completes before returning");
    assertTrue(!future.isCompletedExceptionally(), "completed normally");
    return future.join();
  }

  private static void assertFailedWith(Throwable expected, CompletionStage<?> stage) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "the default completes before returning");
    assertTrue(future.isCompletedExceptionally(), "completed exceptionally");
    CompletionException e = assertThrows(CompletionException.class, future::join);
    assertSame(expected, e.getCause());
  }
}
