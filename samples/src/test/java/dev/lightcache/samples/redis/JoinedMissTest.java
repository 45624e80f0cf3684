package dev.lightcache.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.reactive.CachedReactorProductClient;
import dev.lightcache.samples.reactive.ProductServer;
import dev.lightcache.samples.reactive.ReactorProductClient;
import dev.lightcache.samples.reactive.ReactorSample;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import redis.clients.jedis.RedisClient;

/**
 * A call that missed and then joined another call's load never fills, so its miss must not stay
 * behind in the Redis cache's fill fence: the fence judges a fill by the oldest miss it remembers for
 * the key, and a miss left there made every later fill of the key look older than the next
 * invalidation, refused until it expired (10 minutes): the key was not cached again in this process.
 * Failed before the fix: the fill after the invalidation was refused, and the next call loaded again.
 */
class JoinedMissTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final ExecutorService callers = Executors.newFixedThreadPool(2);

  @AfterAll
  static void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void aKeyIsCachedAgainAfterAJoinedLoadAndAnInvalidation() throws Exception {
    RedisCacheConfig config = RedisCacheConfig.builder().prefix("joined-miss-sync:").build();
    try (DefaultRedisCache mine = new DefaultRedisCache(redis.url(), config);
        DefaultRedisCache other = new DefaultRedisCache(redis.url(), config)) {
      mine.flush();
      LeaseProxyTest.Gate store = new LeaseProxyTest.Gate("held", false); // the first get waits for release
      CachedProductEndpoint products = CachedProductEndpoint.wrap(store, mine);
      CachedProductEndpoint elsewhere = CachedProductEndpoint.wrap(store, other);

      Future<Product> loading = callers.submit(() -> products.get(7)); // held in the delegate
      assertTrue(store.entered.await(10, TimeUnit.SECONDS));
      Future<Product> joining = callers.submit(() -> products.get(7)); // misses too, and joins
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (mine.missCount() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(2, mine.missCount(), "both calls read Redis and missed");
      Thread.sleep(50); // the second call reaches the flight and waits on it
      store.release.countDown();
      assertEquals(loading.get(10, TimeUnit.SECONDS), joining.get(10, TimeUnit.SECONDS));
      assertEquals(1, store.calls.get(), "the second call joined the first one's load");
      assertEquals(0, mine.refusedFillCount());

      elsewhere.post(new Product(9, "new", 900)); // another process invalidates the endpoint
      products.get(7); // a miss, loaded and stored
      products.get(7); // a hit
      assertEquals(0, mine.refusedFillCount(), "the fill after the invalidation was refused");
      assertEquals(2, store.calls.get(), "the key was not cached again");
    }
  }

  /**
   * The reactive form of the same: a joined subscription that finds the joined fill refused loads
   * again, and that load is stored (the test JoinerReloadThreadTest relies on).
   */
  @Test
  void aJoinerThatLoadsAgainStoresItsValue() {
    RedisCacheConfig config = RedisCacheConfig.builder().prefix("joined-miss-reactive:").build();
    ProductServer server = new ProductServer(12);
    CompletableFuture<Void> release = new CompletableFuture<>();
    AtomicInteger loads = new AtomicInteger();
    try (DefaultRedisCache mine = new DefaultRedisCache(redis.url(), config);
        DefaultRedisCache other = new DefaultRedisCache(redis.url(), config)) {
      mine.flush();
      ReactorProductClient elsewhere =
          CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), other);
      ReactorProductClient client =
          CachedReactorProductClient.wrap(
              new ReactorSample.FakeClient(server) {
                @Override
                public Mono<Product> get(long id) {
                  return Mono.defer(() -> {
                    Mono<Product> found = Mono.fromCallable(() -> server.find(id));
                    return loads.incrementAndGet() == 1 ? Mono.fromFuture(release, true).then(found) : found;
                  });
                }
              },
              mine);
      CompletableFuture<Product> loading = client.get(7).toFuture();
      CompletableFuture<Product> joining = client.get(7).toFuture();
      elsewhere.delete(3).block(); // overtakes the held load: its fill is refused
      release.complete(null);
      loading.join();
      joining.join(); // finds no entry: loads again, and stores
      assertEquals(2, loads.get());
      awaitEntries("joined-miss-reactive:", 1); // the caller has its value before it is stored
      assertEquals(1, mine.refusedFillCount(), "only the overtaken fill is refused");
      client.get(7).block();
      assertEquals(2, loads.get(), "the joiner's value was stored: this call is a hit");
    }
  }

  /** Waits, bounded, until Redis holds {@code count} entries under {@code prefix}. */
  private static void awaitEntries(String prefix, int count) {
    try (RedisClient client = redis.newClient()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (entries(client, prefix) < count && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
  }

  private static long entries(RedisClient client, String prefix) {
    return client.keys(prefix + "*").stream().filter(key -> !key.startsWith(prefix + "__lc:")).count();
  }
}
