package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Delivers invalidations to Redis: log first (so the {@link FillFence} refuses fills of loads that
 * read before it), then remove the entries: a key's {@code DEL} in the same script as its log entry,
 * a prefix's or a flush's {@code SCAN} and {@code UNLINK} on every primary right after. A caller's
 * invalidation that cannot be delivered (breaker open, timeout) is handed to the {@link RedisGuard},
 * whose timer delivers it again through {@link #deliver}. After each delivered invalidation, the
 * listeners hear of it (the near cache publishes it to the other processes). Thread-safe.
 */
final class Invalidator {

  /** Hears of every invalidation delivered to Redis, after its delivery. */
  interface Listener {
    void delivered(UnifiedJedis client, Item item);
  }

  private final String prefix;
  private final FillFence fence;
  private final PrefixUnlinker unlinker;
  private final RedisGuard guard;
  private final BiConsumer<Item, RuntimeException> failed;
  private volatile Listener listener = (client, item) -> {};

  Invalidator(
      String prefix,
      FillFence fence,
      PrefixUnlinker unlinker,
      RedisGuard guard,
      BiConsumer<Item, RuntimeException> failed) {
    this.prefix = prefix;
    this.fence = fence;
    this.unlinker = unlinker;
    this.guard = guard;
    this.failed = failed;
  }

  /** Sets who hears of delivered invalidations; called once, before the cache is used. */
  void listenWith(Listener listener) {
    this.listener = listener;
  }

  /**
   * A caller's invalidation: delivered now, or remembered (and counted as failed if it was tried)
   * for the guard's timer. Never throws because of Redis.
   */
  void invalidate(Item item) {
    if (guard.isClosed()) {
      return;
    }
    if (!guard.acquire()) {
      guard.undelivered(item);
      return;
    }
    try {
      guard.call(
          client -> {
            deliver(client, item);
            return null;
          });
    } catch (RuntimeException e) {
      failed.accept(item, e);
      if (RedisGuard.isTransient(e)) {
        guard.undelivered(item);
      }
    }
  }

  /** Delivers {@code item}; throws what the client throws. */
  void deliver(UnifiedJedis client, Item item) {
    switch (item.kind()) {
      case KEY ->
          fence.invalidate(
              client, 'k', item.text(), (prefix + item.text()).getBytes(StandardCharsets.UTF_8));
      case PREFIX -> {
        fence.invalidate(client, 'p', item.text(), null);
        unlinker.unlink(prefix + item.text());
      }
      case FLUSH -> {
        fence.invalidate(client, 'f', "", null);
        unlinker.unlink(prefix);
      }
    }
    listener.delivered(client, item);
  }
}
