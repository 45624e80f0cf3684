package dev.lightcache.runtime.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes and invalidations that could not reach Redis, kept until they are delivered.
 *
 * <p>Without them, an entry invalidated during an outage would be served, stale, by every process for
 * the rest of its time to live once Redis is back. While one is pending, {@link #covers} tells the
 * cache to treat the keys it covers as misses (and not to fill them): the entry waiting to be deleted
 * is never read back.
 *
 * <p>The set is bounded; past the bound, it remembers only that the whole cache prefix must be
 * flushed, which is never narrower than what was asked.
 *
 * <p>Each remembered invalidation carries a generation: {@link #delivered} removes it only if it was
 * not asked for again after the {@link #snapshot()} the delivery started from, since a delivery that
 * was already under way may have passed the entry before the newer invalidation's write. Thread-safe.
 */
final class PendingInvalidations {

  /** What an invalidation removes. */
  enum Kind {
    KEY,
    PREFIX,
    FLUSH
  }

  /** One invalidation: a key to delete, a prefix to invalidate, or the whole cache to flush. */
  record Item(Kind kind, String text) {
    static final Item FLUSH = new Item(Kind.FLUSH, "");

    @Override
    public String toString() {
      return switch (kind) {
        case KEY -> text;
        case PREFIX -> text + "*";
        case FLUSH -> "(flush)";
      };
    }
  }

  /** A pending invalidation as of a snapshot. */
  record Entry(Item item, long generation) {}

  private final int capacity;
  private final Map<String, Long> keys = new LinkedHashMap<>();
  private final Map<String, Long> prefixes = new LinkedHashMap<>();
  private long flushGeneration = -1; // -1: no flush pending
  private long generation;
  /** Read without the lock on every call: nothing pending costs one volatile read. */
  private volatile boolean nonEmpty;

  PendingInvalidations(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(Item item) {
    generation++;
    if (item.kind() == Kind.FLUSH || flushGeneration >= 0 || keys.size() + prefixes.size() >= capacity) {
      // A flush pending covers everything; asked for again, it must run again after this one.
      flushGeneration = generation;
      keys.clear();
      prefixes.clear();
    } else if (item.kind() == Kind.KEY) {
      keys.remove(item.text()); // re-added at the end: replayed in the order last asked
      keys.put(item.text(), generation);
    } else {
      prefixes.remove(item.text());
      prefixes.put(item.text(), generation);
    }
    nonEmpty = true;
  }

  boolean isEmpty() {
    return !nonEmpty;
  }

  /** Whether a pending invalidation covers {@code key}: the key itself, a prefix of it, or a flush. */
  boolean covers(String key) {
    if (!nonEmpty) {
      return false;
    }
    synchronized (this) {
      if (flushGeneration >= 0 || keys.containsKey(key)) {
        return true;
      }
      for (String prefix : prefixes.keySet()) {
        if (key.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }

  /** What to deliver now: the flush alone if one is pending (it covers the rest), else every item. */
  synchronized List<Entry> snapshot() {
    List<Entry> entries = new ArrayList<>(keys.size() + prefixes.size() + 1);
    if (flushGeneration >= 0) {
      entries.add(new Entry(Item.FLUSH, flushGeneration));
      return entries;
    }
    // Prefixes first: they cover the most, so they shorten the time reads of their keys miss.
    prefixes.forEach((text, gen) -> entries.add(new Entry(new Item(Kind.PREFIX, text), gen)));
    keys.forEach((text, gen) -> entries.add(new Entry(new Item(Kind.KEY, text), gen)));
    return entries;
  }

  /** Forgets a delivered invalidation, unless it was asked for again since its snapshot. */
  synchronized void delivered(Entry entry) {
    Item item = entry.item();
    switch (item.kind()) {
      case FLUSH -> {
        if (flushGeneration == entry.generation()) {
          flushGeneration = -1;
        }
      }
      case KEY -> keys.remove(item.text(), entry.generation());
      case PREFIX -> prefixes.remove(item.text(), entry.generation());
    }
    nonEmpty = flushGeneration >= 0 || !keys.isEmpty() || !prefixes.isEmpty();
  }

  /** Empties the set and returns what it held, for the report of what a closing cache drops. */
  synchronized List<Item> clear() {
    List<Item> left = new ArrayList<>();
    for (Entry entry : snapshot()) {
      left.add(entry.item());
    }
    keys.clear();
    prefixes.clear();
    flushGeneration = -1;
    nonEmpty = false;
    return left;
  }

  private static final int SHOWN = 20;

  /** The first invalidations of {@code items} with the cache's prefix, and how many more: for logs. */
  static String describe(List<Item> items, String prefix) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < items.size() && i < SHOWN; i++) {
      text.append(i == 0 ? "" : ", ").append(prefix).append(items.get(i));
    }
    if (items.size() > SHOWN) {
      text.append(" and ").append(items.size() - SHOWN).append(" more");
    }
    return text.toString();
  }
}
