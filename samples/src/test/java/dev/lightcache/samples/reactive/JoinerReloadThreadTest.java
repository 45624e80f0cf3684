package dev.lightcache.samples.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import dev.lightcache.samples.quickstart.Product;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * "Delegates never run on a backend's threads" (reference.md, Guarantees), for a call that joined a
 * load whose fill another process's write made Redis refuse: the call loads again, and that load
 * runs on the thread that completed the refused store, a DefaultRedisCache async thread.
 * Failed before the fix: threads = [main, lightcache-redis-async-1].
 */
class JoinerReloadThreadTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void aJoinerThatMustLoadAgainDoesNotCallTheDelegateOnARedisThread() {
    RedisCacheConfig config = RedisCacheConfig.builder().prefix("joiner-thread:").build();
    ProductServer server = new ProductServer(12);
    CompletableFuture<Void> release = new CompletableFuture<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (DefaultRedisCache cacheA = new DefaultRedisCache(redis.url(), config);
        DefaultRedisCache cacheB = new DefaultRedisCache(redis.url(), config)) {
      cacheA.flush();
      ReactorProductClient a = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheA);
      ReactorProductClient b =
          CachedReactorProductClient.wrap(
              new ReactorSample.FakeClient(server) {
                @Override
                public Mono<Product> get(long id) {
                  return Mono.defer(() -> {
                    threads.add(Thread.currentThread().getName());
                    Mono<Product> found = Mono.fromCallable(() -> server.find(id));
                    return threads.size() == 1 ? Mono.fromFuture(release, true).then(found) : found;
                  });
                }
              },
              cacheB);
      CompletableFuture<Product> loads = b.get(7).toFuture(); // B's load, held
      CompletableFuture<Product> joins = b.get(7).toFuture(); // joins it
      a.delete(3).block(); // another process invalidates: B's fill will be refused
      release.complete(null);
      loads.join();
      joins.join(); // confirm finds no entry: loads again
      assertEquals(2, threads.size(), threads.toString());
      assertEquals(1, cacheB.refusedFillCount());
      assertFalse(threads.get(1).startsWith("lightcache-redis"), "the delegate ran on " + threads.get(1));
    }
  }
}
