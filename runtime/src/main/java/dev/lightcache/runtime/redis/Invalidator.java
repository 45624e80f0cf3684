package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.UnifiedJedis;

/**
 * Delivers one invalidation to Redis: log first (so the {@link FillFence} refuses fills of loads
 * that read before it), then remove the entries: a key's {@code DEL} in the same script as its log
 * entry, a prefix's or a flush's {@code SCAN} and {@code UNLINK} right after. Used alike for a
 * caller's invalidation and for a delivery the cache's timer retries. Thread-safe.
 */
final class Invalidator {

  private final String prefix;
  private final FillFence fence;
  private final PrefixUnlinker unlinker;

  Invalidator(String prefix, FillFence fence, PrefixUnlinker unlinker) {
    this.prefix = prefix;
    this.fence = fence;
    this.unlinker = unlinker;
  }

  /** Delivers {@code item}; throws what the client throws. */
  void deliver(UnifiedJedis client, Item item) {
    switch (item.kind()) {
      case KEY ->
          fence.invalidate(
              client, 'k', item.text(), (prefix + item.text()).getBytes(StandardCharsets.UTF_8));
      case PREFIX -> {
        fence.invalidate(client, 'p', item.text(), null);
        unlinker.unlink(client, prefix + item.text());
      }
      case FLUSH -> {
        fence.invalidate(client, 'f', "", null);
        unlinker.unlink(client, prefix);
      }
    }
  }
}
