package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.ValueType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/**
 * A process of {@link LoadLeaseProcessTest}: builds a cache with a load lease, says {@code READY},
 * waits for a line on stdin, then calls like a proxy does: reads the key and, on a miss, "loads"
 * (counts the load in Redis under {@code <prefix>loads}, sleeps), stores and says {@code LOADED};
 * on a hit says {@code HIT <value>}. In mode {@code die} it says {@code LOADING} once it holds the
 * lease and then never stores (the test kills it).
 *
 * <p>Arguments: the Redis URL, the cache prefix, the key, the load's duration in ms, the lease's
 * maxLoad in ms, the mode ({@code load} or {@code die}).
 */
public final class LoadLeaseChild {

  private LoadLeaseChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String prefix = args[1];
    String key = args[2];
    long loadMillis = Long.parseLong(args[3]);
    Duration maxLoad = Duration.ofMillis(Long.parseLong(args[4]));
    boolean die = args[5].equals("die");
    RedisCacheConfig.Builder config = RedisCacheConfig.builder().prefix(prefix);
    if (maxLoad.toMillis() > 0) {
      config.loadLease(maxLoad);
    }
    try (DefaultRedisCache cache = new DefaultRedisCache(url, config.build());
        RedisClient raw = RedisClient.create(RedisUrl.parse(url).host(), RedisUrl.parse(url).port())) {
      cache.get("warm-up", ValueType.of(String.class)); // connections and scripts ready
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (in.readLine() == null) {
        System.exit(2);
      }
      String found = cache.get(key, ValueType.of(String.class));
      if (found != null) {
        System.out.println("HIT " + found);
        System.out.flush();
        return;
      }
      raw.incr(prefix + "loads");
      if (die) {
        System.out.println("LOADING");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      Thread.sleep(loadMillis);
      cache.set(key, "loaded by " + ProcessHandle.current().pid(), Duration.ofMinutes(1));
      System.out.println("LOADED");
      System.out.flush();
    }
  }
}
