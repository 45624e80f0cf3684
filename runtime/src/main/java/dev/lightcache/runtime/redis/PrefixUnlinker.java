package dev.lightcache.runtime.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes every key that starts with a literal prefix: {@code SCAN MATCH prefix* COUNT n} and one
 * {@code UNLINK} per batch, until the cursor comes back to 0. Never {@code KEYS}, never {@code
 * FLUSHDB}. Keys it must never remove (the cache's own bookkeeping keys) are filtered out of every
 * batch. Thread-safe.
 */
final class PrefixUnlinker {

  private final int batchSize;
  private final List<byte[]> protectedKeys;

  /**
   * @param batchSize the {@code COUNT} hint of each {@code SCAN}
   * @param protectedKeys keys never removed, whatever the prefix
   */
  PrefixUnlinker(int batchSize, List<byte[]> protectedKeys) {
    this.batchSize = batchSize;
    this.protectedKeys = List.copyOf(protectedKeys);
  }

  /**
   * Removes the keys starting with {@code literalPrefix}; glob characters in it are escaped.
   *
   * @return the number of keys removed
   */
  long unlink(UnifiedJedis client, String literalPrefix) {
    ScanParams params =
        new ScanParams()
            .match(RedisPatterns.prefixPattern(literalPrefix).getBytes(StandardCharsets.UTF_8))
            .count(batchSize);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    long removed = 0;
    ScanResult<byte[]> page;
    do {
      page = client.scan(cursor, params);
      List<byte[]> keys = withoutProtected(page.getResult());
      if (!keys.isEmpty()) {
        // UNLINK frees memory in a background thread: a large value does not stall the server.
        removed += client.unlink(keys.toArray(new byte[0][]));
      }
      cursor = page.getCursorAsBytes();
    } while (!page.isCompleteIteration());
    return removed;
  }

  private List<byte[]> withoutProtected(List<byte[]> keys) {
    if (protectedKeys.isEmpty() || keys.isEmpty()) {
      return keys;
    }
    List<byte[]> kept = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      if (!isProtected(key)) {
        kept.add(key);
      }
    }
    return kept;
  }

  private boolean isProtected(byte[] key) {
    for (byte[] protectedKey : protectedKeys) {
      if (Arrays.equals(protectedKey, key)) {
        return true;
      }
    }
    return false;
  }
}
