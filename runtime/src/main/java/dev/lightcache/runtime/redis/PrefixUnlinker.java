package dev.lightcache.runtime.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Removes every key that starts with a literal prefix, on every primary: {@code SCAN MATCH prefix*
 * COUNT n} on each node and {@code UNLINK} per page (grouped by hash slot in a cluster), until each
 * node's cursor comes back to 0. Never {@code KEYS}, never {@code FLUSHDB}. The cache's own
 * bookkeeping keys (under {@code <prefix>__lc:}) are filtered out of every page. Thread-safe.
 */
final class PrefixUnlinker {

  private final RedisDeployment deployment;
  private final int batchSize;
  private final byte[] reserved;

  /**
   * @param deployment where the keys live
   * @param batchSize the {@code COUNT} hint of each {@code SCAN}
   * @param reserved the start of the keys never removed, whatever the prefix
   */
  PrefixUnlinker(RedisDeployment deployment, int batchSize, String reserved) {
    this.deployment = deployment;
    this.batchSize = batchSize;
    this.reserved = reserved.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Removes the keys starting with {@code literalPrefix}; glob characters in it are escaped. Throws
   * what the client throws, having removed part of the keys: the caller delivers it again.
   *
   * @return the number of keys removed
   */
  long unlink(String literalPrefix) {
    ScanParams params =
        new ScanParams()
            .match(RedisPatterns.prefixPattern(literalPrefix).getBytes(StandardCharsets.UTF_8))
            .count(batchSize);
    long[] removed = {0};
    deployment.forEachPrimary(
        node -> {
          byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
          ScanResult<byte[]> page;
          do {
            page = node.scan(cursor, params);
            List<byte[]> keys = withoutReserved(page.getResult());
            if (!keys.isEmpty()) {
              // UNLINK frees memory in a background thread: a large value does not stall the server.
              removed[0] += node.unlink(keys);
            }
            cursor = page.getCursorAsBytes();
          } while (!page.isCompleteIteration());
        });
    return removed[0];
  }

  private List<byte[]> withoutReserved(List<byte[]> keys) {
    List<byte[]> kept = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      if (!startsWithReserved(key)) {
        kept.add(key);
      }
    }
    return kept;
  }

  private boolean startsWithReserved(byte[] key) {
    if (key.length < reserved.length) {
      return false;
    }
    for (int i = 0; i < reserved.length; i++) {
      if (key[i] != reserved[i]) {
        return false;
      }
    }
    return true;
  }
}
