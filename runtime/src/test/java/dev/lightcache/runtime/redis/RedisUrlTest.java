package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisUrlTest {

  @Test
  void parsesEveryPart() {
    RedisUrl url = RedisUrl.parse("redis://app:s3cret@cache.internal:6380/2");

    assertEquals(new RedisUrl("cache.internal", 6380, "app", "s3cret", 2, false), url);
  }

  @Test
  void defaultsToPort6379AndDatabase0WithoutCredentials() {
    assertEquals(new RedisUrl("localhost", 6379, null, null, 0, false), RedisUrl.parse("redis://localhost"));
    assertEquals(new RedisUrl("localhost", 6379, null, null, 0, false), RedisUrl.parse("redis://localhost/"));
  }

  @Test
  void passwordWithoutUserAndPercentEncoding() {
    RedisUrl url = RedisUrl.parse("redis://:p%40ss%3Aword+1@127.0.0.1:7000");

    assertNull(url.user());
    assertEquals("p@ss:word+1", url.password());
  }

  @Test
  void redissMeansTls() {
    assertTrue(RedisUrl.parse("rediss://user:pw@redis.example.com:6380/0").tls());
    assertFalse(RedisUrl.parse("redis://redis.example.com").tls());
  }

  @Test
  void ipv6Hosts() {
    assertEquals("::1", RedisUrl.parse("redis://[::1]:6390").host());
  }

  @Test
  void rejectsWhatIsNotARedisUrl() {
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("http://localhost:6379"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("localhost:6379"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis:///0"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://localhost/db"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://onlyuser@localhost"));
  }

  @Test
  void neverShowsThePassword() {
    RedisUrl url = RedisUrl.parse("redis://app:s3cret@cache:6380/2");

    assertEquals("redis://app:***@cache:6380/2", url.toString());
    assertEquals("redis://app:***@cache:6380/2", RedisUrl.redact("redis://app:s3cret@cache:6380/2"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://app:s3cret@cache/x"));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void prefixPatternsEscapeGlobCharacters() {
    assertEquals("lightcache:a\\[1\\]\\*\\?\\\\:*", RedisPatterns.prefixPattern("lightcache:a[1]*?\\:"));
    assertEquals("x:get(long)*", RedisPatterns.prefixPattern("x:get(long)"));
  }
}
