package dev.lightcache.runtime.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The second process of {@link NearCacheProcessTest}: builds a cache with a near cache on the same
 * Redis and prefix, says {@code READY}, then for each line on stdin ({@code delete <key>}, {@code
 * prefix <prefix>}, {@code flush}) runs that invalidation and says {@code DONE}; exits at the end of
 * stdin.
 *
 * <p>Arguments: the Redis URL, the cache prefix.
 */
public final class NearCacheChild {

  private NearCacheChild() {}

  public static void main(String[] args) throws Exception {
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix(args[1]).nearCache(100, Duration.ofMinutes(1)).build();
    try (DefaultRedisCache cache = new DefaultRedisCache(args[0], config)) {
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("delete ")) {
          cache.delete(line.substring(7));
        } else if (line.startsWith("prefix ")) {
          cache.invalidatePrefix(line.substring(7));
        } else if (line.equals("flush")) {
          cache.flush();
        } else {
          System.exit(3);
        }
        System.out.println("DONE");
        System.out.flush();
      }
    }
  }
}
