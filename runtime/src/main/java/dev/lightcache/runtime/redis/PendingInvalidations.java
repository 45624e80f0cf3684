package dev.lightcache.runtime.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deletes and invalidations that could not reach Redis, kept to be replayed once it answers again.
 *
 * <p>Without them, an entry invalidated during an outage would be served, stale, by every process for
 * the rest of its time to live once Redis is back. The set is bounded; past the bound, it remembers
 * only that the whole cache prefix must be flushed, which is never narrower than what was asked.
 * Thread-safe.
 */
final class PendingInvalidations {

  /** One remembered operation: a key to delete or a prefix to invalidate. */
  record Item(boolean prefix, String text) {}

  private final int capacity;
  private final Set<Item> items = new LinkedHashSet<>();
  private boolean flushAll;
  /** Read without the lock on every successful command: replays are checked for at no cost. */
  private volatile boolean nonEmpty;

  PendingInvalidations(int capacity) {
    this.capacity = capacity;
  }

  synchronized void addKey(String key) {
    add(new Item(false, key));
  }

  synchronized void addPrefix(String prefix) {
    add(new Item(true, prefix));
  }

  synchronized void addFlush() {
    flushAll = true;
    items.clear();
    nonEmpty = true;
  }

  private void add(Item item) {
    if (flushAll) {
      return;
    }
    if (items.size() >= capacity) {
      addFlush();
      return;
    }
    items.add(item);
    nonEmpty = true;
  }

  boolean isEmpty() {
    return !nonEmpty;
  }

  /** What to replay: {@code null} for "flush everything", otherwise the items; the set is emptied. */
  synchronized @Nullable List<Item> drain() {
    List<Item> drained = flushAll ? null : new ArrayList<>(items);
    items.clear();
    flushAll = false;
    nonEmpty = false;
    return drained;
  }
}
