package dev.lightcache.runtime.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The second process of {@link FillFenceProcessTest}: misses a key, says {@code MISSED} on stdout,
 * waits for a line on stdin (the other process invalidates meanwhile), stores a value it "loaded"
 * before that, says {@code SET} and exits.
 *
 * <p>Arguments: the Redis URL, the cache prefix, the key.
 */
public final class FillFenceChild {

  private FillFenceChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String prefix = args[1];
    String key = args[2];
    try (DefaultRedisCache cache =
        new DefaultRedisCache(url, RedisCacheConfig.builder().prefix(prefix).build())) {
      Object found = cache.get(key);
      System.out.println(found == null ? "MISSED" : "HIT " + found);
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (in.readLine() == null) {
        System.exit(2); // the test went away
      }
      cache.set(key, "loaded before the write", Duration.ofMinutes(1));
      System.out.println("SET refused=" + cache.refusedFillCount());
      System.out.flush();
    }
  }
}
