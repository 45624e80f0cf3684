package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    assertEquals(new RedisUrl("localhost", 6379, null, null, 0, false), RedisUrl.parse(" REDIS://localhost:6379 "));
  }

  @Test
  void passwordWithoutUserAndPercentEncoding() {
    RedisUrl url = RedisUrl.parse("redis://:p%40ss%3Aword+1@127.0.0.1:7000");

    assertNull(url.user());
    assertEquals("p@ss:word+1", url.password());
    assertEquals("redis://:***@127.0.0.1:7000/0", url.toString());
  }

  @Test
  void userAndPasswordArePercentDecoded() {
    RedisUrl url = RedisUrl.parse("redis://app%40corp:p%40ss%2F%25%20w%C3%B6rd:x@cache:6380/1");

    assertEquals("app@corp", url.user());
    assertEquals("p@ss/% wörd:x", url.password(), "everything after the first ':' is the password");
    assertEquals(1, url.database());
  }

  @Test
  void whatAUriAllowsInUserInfoNeedsNoEncoding() {
    assertEquals("a!$&'()*+,;=~-_.:b", RedisUrl.parse("redis://u:a!$&'()*+,;=~-_.:b@h").password());
  }

  @Test
  void anEmptyPasswordIsAPassword() {
    RedisUrl url = RedisUrl.parse("redis://app:@cache");

    assertEquals("app", url.user());
    assertEquals("", url.password());
  }

  @Test
  void redissMeansTlsOnTheSamePortsAsRedis() {
    assertEquals(new RedisUrl("redis.example.com", 6380, "user", "pw", 0, true),
        RedisUrl.parse("rediss://user:pw@redis.example.com:6380/0"));
    assertEquals(new RedisUrl("redis.example.com", 6379, null, null, 0, true),
        RedisUrl.parse("rediss://redis.example.com"));
    assertFalse(RedisUrl.parse("redis://redis.example.com").tls());
    assertEquals("rediss://redis.example.com:6379/0", RedisUrl.parse("rediss://redis.example.com").toString());
  }

  @Test
  void ipv6Hosts() {
    RedisUrl url = RedisUrl.parse("redis://[::1]:6390");

    assertEquals("::1", url.host());
    assertEquals(6390, url.port());
    assertEquals("redis://[::1]:6390/0", url.toString());
    assertEquals(6379, RedisUrl.parse("redis://[fe80::1]").port());
  }

  /** Docker Compose service names: not DNS names, so java.net.URI (and Jedis) see no host in them. */
  @Test
  void hostNamesWithUnderscores() {
    assertEquals(new RedisUrl("my_redis", 6380, "app", "p@ss", 2, false),
        RedisUrl.parse("redis://app:p%40ss@my_redis:6380/2"));
    assertEquals(new RedisUrl("cache_1.internal", 6379, null, null, 0, true),
        RedisUrl.parse("rediss://cache_1.internal"));
    RedisUrl cluster = RedisUrl.parse("redis-cluster://:pw@node_a:7000,node-b:7001,node_c");
    assertEquals(
        List.of(new RedisUrl.Node("node_a", 7000), new RedisUrl.Node("node-b", 7001), new RedisUrl.Node("node_c", 6379)),
        cluster.nodes());
    assertEquals("pw", cluster.password());
    assertEquals("redis://my_redis:6379/0", RedisUrl.parse("redis://my_redis").toString());
  }

  @Test
  void rejectsWhatIsNotARedisUrl() {
    rejects("http://localhost:6379", "a Redis URL starts with redis://");
    rejects("localhost:6379", "a Redis URL starts with redis://");
    rejects("redis-replica://localhost", "a Redis URL starts with redis://");
    rejects("redis:///0", "an address is host[:port]");
    rejects("redis://", "an address is host[:port]");
    rejects("redis://my_redis:http", "an address is host[:port]");
    rejects("redis://localhost:http", "an address is host[:port]");
    rejects("redis://localhost:0", "a port is 1 to 65535, was 0");
    rejects("redis://localhost:65536", "a port is 1 to 65535, was 65536");
    rejects("redis://localhost/db", "the path of a Redis URL is the database number, such as /0, not /db");
    rejects("redis://localhost/-1", "the path of a Redis URL is the database number");
    rejects("redis://localhost/0/1", "the path of a Redis URL is the database number");
    rejects("redis://localhost/0?protocol=3", "a Redis URL takes no query parameters (?protocol=3)");
    rejects("redis://onlyuser@localhost", "names a user but no password");
  }

  @Test
  void neverShowsThePassword() {
    RedisUrl url = RedisUrl.parse("redis://app:s3cret@cache:6380/2");

    assertEquals("redis://app:***@cache:6380/2", url.toString());
    assertEquals("redis://app:***@cache:6380/2", RedisUrl.redact("redis://app:s3cret@cache:6380/2"));
    assertEquals("redis://***@cache", RedisUrl.redact("redis://s3cret@cache"));
    assertEquals("redis://cache:6379", RedisUrl.redact("redis://cache:6379"));
    for (String bad : List.of(
        "redis://app:s3cret@cache/x",
        "redis://app:s3cret@cache:port",
        "redis://app:s3c ret@cache",
        "redis://app:s3c%zzret@cache",
        "redis://app:s3c@ret@cache",
        "redis://app:s3c/ret@cache",
        "redis://app:s3c?ret@cache",
        "redis://s3cret@cache",
        "redis://app:s3cret@a,b",
        "redis-sentinel://app:s3cret@a,b")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse(bad), bad);
      assertFalse(e.getMessage().contains("s3c") || e.getMessage().contains("ret@"), e.getMessage());
      assertNull(e.getCause(), "a cause's message could show the password: " + bad);
    }
  }

  @Test
  void sentinelUrlsNameTheSentinelsAndTheMaster() {
    RedisUrl url = RedisUrl.parse("redis-sentinel://app:pw@10.0.0.1:26379,10.0.0.2,[::1]:26380/3#orders");

    assertEquals(RedisUrl.Deployment.SENTINEL, url.deployment());
    assertEquals(
        List.of(
            new RedisUrl.Node("10.0.0.1", 26379),
            new RedisUrl.Node("10.0.0.2", 26379),
            new RedisUrl.Node("::1", 26380)),
        url.nodes());
    assertEquals("orders", url.masterName());
    assertEquals(3, url.database());
    assertEquals("app", url.user());
    assertEquals("pw", url.password());
    assertFalse(url.tls());
    assertEquals("redis-sentinel://app:***@10.0.0.1:26379,10.0.0.2:26379,[::1]:26380/3#orders", url.toString());
  }

  @Test
  void sentinelUrlsDecodeCredentialsAndMasterAndTakeTls() {
    RedisUrl url = RedisUrl.parse("rediss-sentinel://:p%40ss@s1, s2:26380#my%20master");

    assertTrue(url.tls());
    assertNull(url.user());
    assertEquals("p@ss", url.password());
    assertEquals(0, url.database());
    assertEquals(List.of(new RedisUrl.Node("s1", 26379), new RedisUrl.Node("s2", 26380)), url.nodes());
    assertEquals("my master", url.masterName());
    assertEquals("rediss-sentinel://:***@s1:26379,s2:26380/0#my master", url.toString());
  }

  @Test
  void clusterUrlsNameSeeds() {
    RedisUrl url = RedisUrl.parse("rediss-cluster://:pw@node-a:7000,node-b:7001");

    assertEquals(RedisUrl.Deployment.CLUSTER, url.deployment());
    assertEquals(2, url.nodes().size());
    assertEquals(new RedisUrl.Node("node-b", 7001), url.nodes().get(1));
    assertTrue(url.tls());
    assertNull(url.user());
    assertEquals("pw", url.password());
    assertEquals("rediss-cluster://:***@node-a:7000,node-b:7001", url.toString());
  }

  @Test
  void clusterUrlsDefaultToPort6379AndTakeAUser() {
    RedisUrl url = RedisUrl.parse("redis-cluster://app%2Dro:pw@n1,n2:7001/");

    assertFalse(url.tls());
    assertEquals("app-ro", url.user());
    assertEquals(List.of(new RedisUrl.Node("n1", 6379), new RedisUrl.Node("n2", 7001)), url.nodes());
    assertEquals(0, url.database());
  }

  @Test
  void rejectsMisplacedDeploymentParts() {
    rejects("redis-sentinel://h:26379", "ends with #masterName");
    rejects("redis-sentinel://h:26379#", "ends with #masterName");
    rejects("redis-cluster://h:7000/2", "a Redis Cluster has database 0 only; remove /2");
    rejects("redis://a:1,b:2", "a redis:// URL names one server");
    rejects("redis://a:1#m", "only redis-sentinel:// URLs name a master (#m)");
    rejects("redis-cluster://a:notaport", "an address is host[:port]");
    rejects("redis-cluster://a:1,,b:2", "an address is host[:port]");
    rejects("redis-sentinel://a:1,b:2/x#m", "the path of a Redis URL is the database number");
  }

  private static void rejects(String url, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse(url), url);
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().endsWith("; was: " + RedisUrl.redact(url)), "names the URL: " + e.getMessage());
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
