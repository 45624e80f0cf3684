package dev.lightcache.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.annotations.Cached;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * "One backend per class": a thousand {@code wrap(delegate)} calls over {@code @Cached(cache =
 * DefaultRedisCache.class)} open one connection pool, counted by the server itself.
 */
class OnePoolTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.privateServer();

  /** An endpoint whose backend is built by {@code wrap(delegate)} from the URL in the environment. */
  @Cached(cache = DefaultRedisCache.class, namespace = "one-pool-test")
  public interface Names {
    String get(long id);
  }

  @Test
  void aThousandWrapsUnderLoadOpenOnePool() throws Exception {
    // What the no-argument constructor reads, set before the first wrap(delegate) of the JVM.
    System.setProperty(DefaultRedisCache.URL_SYSTEM_PROPERTY, redis.url());
    AtomicInteger calls = new AtomicInteger();
    Names delegate = id -> "name " + id + " #" + calls.incrementAndGet();
    List<Names> proxies = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      proxies.add(CachedOnePoolTest_Names.wrap(delegate));
    }
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        Names proxy = proxies.get(i);
        long id = i % 10;
        results.add(pool.submit(() -> proxy.get(id)));
      }
      for (Future<String> result : results) {
        assertTrue(result.get(10, TimeUnit.SECONDS).startsWith("name "));
      }
    } finally {
      pool.shutdownNow();
    }
    long clients = connectedClients();
    // One pool of at most 16 connections (the default), plus this test's own client.
    assertTrue(clients <= 17, clients + " clients connected: more than one pool");
    assertEquals("name 3", proxies.get(999).get(3).substring(0, 6), "proxies share entries");
    assertTrue(calls.get() < 1000, "the thousand proxies shared one cache: " + calls.get() + " loads");
  }

  private static long connectedClients() {
    try (RedisClient client = redis.newClient()) {
      String info = client.info("clients");
      for (String line : info.split("\r?\n")) {
        if (line.startsWith("connected_clients:")) {
          return Long.parseLong(line.substring("connected_clients:".length()).trim());
        }
      }
    }
    throw new AssertionError("no connected_clients in INFO clients");
  }
}
