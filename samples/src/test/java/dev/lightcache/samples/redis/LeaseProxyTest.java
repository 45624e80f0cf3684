package dev.lightcache.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The load lease through generated proxies, two processes over one Redis: the second waits for the
 * first's load and gets its value; a load that throws releases the lease at once, so the waiter loads
 * right away instead of after {@code maxLoad}.
 */
class LeaseProxyTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final Duration MAX_LOAD = Duration.ofSeconds(30);

  private DefaultRedisCache cacheA;
  private DefaultRedisCache cacheB;
  /** The two processes' callers: threads of their own, never the common pool, which may have one. */
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final List<Gate> gates = new java.util.ArrayList<>();

  @BeforeEach
  void twoProcesses() {
    String prefix = "lease-proxy-" + UUID.randomUUID() + ":";
    RedisCacheConfig config = RedisCacheConfig.builder().prefix(prefix).loadLease(MAX_LOAD).build();
    cacheA = new DefaultRedisCache(redis.url(), config);
    cacheB = new DefaultRedisCache(redis.url(), config);
  }

  @AfterEach
  void close() {
    gates.forEach(gate -> gate.release.countDown()); // a failed test leaves no call blocked
    callers.shutdownNow();
    cacheA.close();
    cacheB.close();
  }

  private Gate gate(String label, boolean fails) {
    Gate gate = new Gate(label, fails);
    gates.add(gate);
    return gate;
  }

  @Test
  void theWaitingProcessGetsTheLoadersValue() throws Exception {
    Gate gateA = gate("from A", false);
    Gate gateB = gate("from B", false);
    CachedProductEndpoint processA = CachedProductEndpoint.wrap(gateA, cacheA);
    CachedProductEndpoint processB = CachedProductEndpoint.wrap(gateB, cacheB);
    gateB.release.countDown(); // were it called, it would answer at once

    CompletableFuture<Product> loading = CompletableFuture.supplyAsync(() -> processA.get(7), callers);
    assertTrue(gateA.entered.await(20, TimeUnit.SECONDS));
    CompletableFuture<Product> waiting = CompletableFuture.supplyAsync(() -> processB.get(7), callers);
    awaitWaiting(cacheB);
    gateA.release.countDown();

    assertEquals("from A", loading.get(20, TimeUnit.SECONDS).name());
    assertEquals("from A", waiting.get(20, TimeUnit.SECONDS).name());
    assertEquals(0, gateB.calls.get(), "B's delegate was never called");
  }

  @Test
  void aLoadThatThrowsReleasesTheLeaseAtOnce() throws Exception {
    Gate gateA = gate("from A", true);
    Gate gateB = gate("from B", false);
    CachedProductEndpoint processA = CachedProductEndpoint.wrap(gateA, cacheA);
    CachedProductEndpoint processB = CachedProductEndpoint.wrap(gateB, cacheB);
    gateB.release.countDown();

    CompletableFuture<Product> loading = CompletableFuture.supplyAsync(() -> processA.get(7), callers);
    assertTrue(gateA.entered.await(20, TimeUnit.SECONDS));
    CompletableFuture<Product> waiting = CompletableFuture.supplyAsync(() -> processB.get(7), callers);
    awaitWaiting(cacheB);
    long failed = System.nanoTime();
    gateA.release.countDown(); // A's delegate throws now

    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> loading.get(20, TimeUnit.SECONDS));
    assertEquals("upstream down", thrown.getCause().getMessage());
    assertEquals("from B", waiting.get(20, TimeUnit.SECONDS).name());
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failed);
    assertTrue(tookMillis < MAX_LOAD.toMillis() / 3, "the waiter loaded " + tookMillis + " ms after the failure");
    assertEquals(1, gateB.calls.get());
  }

  private static void awaitWaiting(DefaultRedisCache cache) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (cache.leaseWaitCount() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertEquals(1, cache.leaseWaitCount(), "the second process waits for the first's load");
  }

  /** A delegate whose get(id) blocks until released, then answers with its label (or throws). */
  static final class Gate implements ProductEndpoint {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    private final String label;
    private final boolean fails;

    Gate(String label, boolean fails) {
      this.label = label;
      this.fails = fails;
    }

    @Override
    public Product get(long id) {
      calls.incrementAndGet();
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (fails) {
        throw new IllegalStateException("upstream down");
      }
      return new Product(id, label, 1);
    }

    @Override
    public List<Product> list(int page) {
      return List.of();
    }

    @Override
    public Product post(Product p) {
      return p;
    }

    @Override
    public void delete(long id) {}
  }
}
