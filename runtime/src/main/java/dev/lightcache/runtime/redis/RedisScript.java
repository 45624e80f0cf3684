package dev.lightcache.runtime.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script run with {@code EVALSHA}, and with {@code EVAL} (which also loads it) when the server
 * does not know it yet: after a restart, a failover or {@code SCRIPT FLUSH}. Every key it touches is
 * passed in {@code KEYS}, as Redis Cluster and ACL key patterns require. Thread-safe.
 */
final class RedisScript {

  private final byte[] body;
  private final byte[] sha1;

  RedisScript(String body) {
    this.body = body.getBytes(StandardCharsets.UTF_8);
    this.sha1 = sha1Hex(this.body).getBytes(StandardCharsets.US_ASCII);
  }

  Object run(UnifiedJedis client, List<byte[]> keys, List<byte[]> args) {
    try {
      return client.evalsha(sha1, keys, args);
    } catch (JedisNoScriptException e) {
      return client.eval(body, keys, args);
    }
  }

  private static String sha1Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
