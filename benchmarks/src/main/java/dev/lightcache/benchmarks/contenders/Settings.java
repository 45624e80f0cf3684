package dev.lightcache.benchmarks.contenders;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/** What every contender is configured with, so that they cache the same way. */
public final class Settings {

  /** Time to live of every entry, as {@code @Cached(expirationSeconds = 300)} on the endpoint. */
  public static final Duration EXPIRATION = Duration.ofSeconds(300);

  /** The generated proxy's key prefix for {@code get()} (also its whole key). */
  public static final String PREFIX_GET0 =
      "dev.lightcache.benchmarks.model.ProductEndpoint:v1:get()";

  /** The generated proxy's key prefix for {@code get(long)}, including the {@code :} separator. */
  public static final String PREFIX_GET1 =
      "dev.lightcache.benchmarks.model.ProductEndpoint:v1:get(long):";

  /** The generated proxy's key prefix for {@code get(long,String,int)}, including the separator. */
  public static final String PREFIX_GET3 =
      "dev.lightcache.benchmarks.model.ProductEndpoint:v1:get(long,String,int):";

  private Settings() {}

  /**
   * The Caffeine builder of a hand-written contender: bounded by {@code maximumSize} and, when {@code
   * expiring}, {@code expireAfterWrite(}{@link #EXPIRATION}{@code )}, the same time to live as the
   * generated proxy. Caffeine reads its ticker ({@code System.nanoTime()}) on every read of an expiring
   * cache and never on a read of a cache without expiration: the two are the "same TTL" comparison and
   * the floor.
   *
   * @param maximumSize the bound on entries
   * @param expiring whether entries expire after {@link #EXPIRATION}
   * @return a new builder
   */
  public static Caffeine<Object, Object> caffeine(long maximumSize, boolean expiring) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maximumSize);
    return expiring ? builder.expireAfterWrite(EXPIRATION) : builder;
  }

  /**
   * A string argument as the SPI writes it in keys: {@code ""} when empty, separators as {@code %XX}.
   * Written the way a hand-written decorator would: one scan, no copy when nothing needs escaping.
   *
   * @param s the argument
   * @return its key text
   */
  public static String escape(String s) {
    if (s.isEmpty()) {
      return "\"\"";
    }
    int n = s.length();
    int i = 0;
    while (i < n && !special(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder sb = new StringBuilder(n + 8).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (special(c)) {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean special(char c) {
    switch (c) {
      case '%', ',', '[', ']', '{', '}', '=', '"', '#':
        return true;
      default:
        return c < 0x20 || c == 0x7F;
    }
  }
}
