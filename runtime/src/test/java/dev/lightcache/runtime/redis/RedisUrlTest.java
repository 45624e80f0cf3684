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
  void sentinelUrlsNameTheSentinelsAndTheMaster() {
    RedisUrl url = RedisUrl.parse("redis-sentinel://app:pw@10.0.0.1:26379,10.0.0.2,[::1]:26380/3#orders");

    assertEquals(RedisUrl.Deployment.SENTINEL, url.deployment());
    assertEquals(
        java.util.List.of(
            new RedisUrl.Node("10.0.0.1", 26379),
            new RedisUrl.Node("10.0.0.2", 26379),
            new RedisUrl.Node("::1", 26380)),
        url.nodes());
    assertEquals("orders", url.masterName());
    assertEquals(3, url.database());
    assertEquals("app", url.user());
    assertEquals("pw", url.password());
    assertFalse(url.tls());
    assertTrue(RedisUrl.parse("rediss-sentinel://h:1#m").tls());
    assertEquals("redis-sentinel://app:***@10.0.0.1:26379,10.0.0.2:26379,[::1]:26380/3#orders", url.toString());
  }

  @Test
  void clusterUrlsNameSeeds() {
    RedisUrl url = RedisUrl.parse("rediss-cluster://:pw@node-a:7000,node-b:7001");

    assertEquals(RedisUrl.Deployment.CLUSTER, url.deployment());
    assertEquals(2, url.nodes().size());
    assertEquals(new RedisUrl.Node("node-b", 7001), url.nodes().get(1));
    assertTrue(url.tls());
    assertEquals("rediss-cluster://:***@node-a:7000,node-b:7001", url.toString());
  }

  @Test
  void rejectsMisplacedDeploymentParts() {
    IllegalArgumentException noMaster =
        assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis-sentinel://h:26379"));
    assertTrue(noMaster.getMessage().contains("#masterName"), noMaster.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis-cluster://h:7000/2"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://a:1,b:2"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis://a:1#m"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis-cluster://a:notaport"));
    assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis-cluster://a:1,,b:2"));
  }

  @Test
  void slotTagsHashToTheirSlot() {
    for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
      String key = "lightcache:__lc:slot{" + SlotTags.of(slot) + "}:seq";
      assertEquals(slot, redis.clients.jedis.util.JedisClusterCRC16.getSlot(key), key);
    }
  }

  @Test
  void prefixPatternsEscapeGlobCharacters() {
    assertEquals("lightcache:a\\[1\\]\\*\\?\\\\:*", RedisPatterns.prefixPattern("lightcache:a[1]*?\\:"));
    assertEquals("x:get(long)*", RedisPatterns.prefixPattern("x:get(long)"));
  }
}
