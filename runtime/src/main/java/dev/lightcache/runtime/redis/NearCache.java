package dev.lightcache.runtime.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.internal.ExpiryClock;
import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The first level of a {@link DefaultRedisCache} with {@link RedisCacheConfig.Builder#nearCache}: the
 * decoded values of recent Redis hits, in this process, keyed by the cache key (without the prefix).
 *
 * <p><b>What fills it.</b> Only values read from Redis as hits, offered after they decoded, never the
 * values this process {@code set}s: a {@code set} after a miss is a fill that the {@link FillFence}
 * may refuse (an invalidation from another process overtook the load), and this process would then
 * hold a value that Redis does not. A value read from Redis is what every process sees. An entry
 * records the {@link ValueType} it was decoded as; a read with another type is a near miss, never a
 * value of the wrong type. Values are shared between the callers that hit them, as in {@link
 * dev.lightcache.runtime.InMemoryCache}.
 *
 * <p><b>Bounds.</b> At most {@code maxEntries} entries (Caffeine's size eviction). An entry is served
 * while {@code now - storedAt < maxStaleness}, both times read from a coarse {@link ExpiryClock} (no
 * {@code System.nanoTime()} on a hit), which lags the system clock by at most {@code slack = min(100
 * ms, maxStaleness / 10)}: an entry is served at most {@code maxStaleness + slack} after it was stored
 * (below 20 ms of staleness, the clock is read precisely, slack 0).
 *
 * <p><b>The local fence ("a write wins").</b> A read that starts after an invalidation has been
 * applied here never returns a value read from Redis before it. Before its Redis read, a miss takes a
 * {@link Stamp}: the epoch of {@link PrefixLog} and the counter of its key's stripe (one of {@value
 * #STRIPES}, by hash). Invalidations are applied in this order:
 *
 * <ul>
 *   <li>a key: its stripe's counter goes up, then the key's entry is removed. A fill stores its value
 *       inside Caffeine's {@code compute} of the key, only if the stripe's counter is still the one it
 *       stamped. The removal and the compute lock the same hash bin: a fill that ran first is removed,
 *       a fill that runs after sees the new counter and stores nothing. (Other keys of the stripe
 *       refuse their fills too, at that moment only: rare, and only a lost near fill.)
 *   <li>a prefix, a flush, or a loss of the subscription: a new {@link PrefixLog} is swapped in, then
 *       the covered entries are removed. An entry keeps the epoch its read started at, and a read
 *       checks it against the log: covered, it is a miss. This does not rely on the removal pass
 *       seeing every entry.
 * </ul>
 *
 * <p><b>Serving.</b> The near cache answers only while it {@link #resume() serves}: its owner
 * (the {@link NearSubscriber}) turns it on when the subscription to the invalidation channel is
 * confirmed and {@link #suspend() off} (emptying it) when the subscription is lost. While it is off,
 * reads go to Redis and nothing is stored.
 *
 * <p>Thread-safe.
 */
final class NearCache {

  /** The number of per-key counters; a power of two. */
  static final int STRIPES = 1024;

  private static final long MAX_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** What a miss saw before its Redis read; a fill is judged against it. */
  record Stamp(long prefixEpoch, long keyCounter) {}

  /**
   * An entry; compared by identity (never through the value's {@code equals}). It is reachable by its
   * text and, once {@link #link linked}, by a proxy's key object; removing it by text marks it {@code
   * dead}, which the key-object path checks, so both paths see one removal.
   */
  private static final class Entry {
    final String key;
    final Object value;
    final ValueType<?> type;
    final long storedAt;
    /** The prefix log's epoch this entry was last checked against (a racing hit may set an older one: a recheck). */
    volatile long prefixEpoch;
    volatile boolean dead;

    Entry(String key, Object value, ValueType<?> type, long storedAt, long prefixEpoch) {
      this.key = key;
      this.value = value;
      this.type = type;
      this.storedAt = storedAt;
      this.prefixEpoch = prefixEpoch;
    }
  }

  private final Cache<String, Entry> entries;
  /** The same entries by the key objects of proxies (no text built on a hit); never the only path. */
  private final Cache<Object, Entry> byKeyObject;
  private final long maxStalenessNanos;
  private final ExpiryClock clock;
  private final AtomicLongArray keyCounters = new AtomicLongArray(STRIPES);
  private final Object prefixLock = new Object();
  private volatile PrefixLog prefixes = PrefixLog.EMPTY;
  private volatile boolean serving;
  private final LongAdder hits = new LongAdder();
  private final LongAdder refusedFills = new LongAdder();

  /**
   * A near cache on the shared coarse clock, or on a precise one for a staleness under 20 ms.
   *
   * @param maxEntries the size bound
   * @param maxStalenessNanos the longest an entry is served after it was stored
   */
  static NearCache create(int maxEntries, long maxStalenessNanos) {
    long slack = Math.min(MAX_SLACK_NANOS, maxStalenessNanos / 10);
    ExpiryClock clock =
        slack < ExpiryClock.MIN_COARSE_BOUND_NANOS
            ? ExpiryClock.precise(System::nanoTime)
            : ExpiryClock.system();
    NearCache near = new NearCache(maxEntries, maxStalenessNanos, clock);
    clock.register(near, Math.max(slack, ExpiryClock.MIN_COARSE_BOUND_NANOS));
    return near;
  }

  NearCache(int maxEntries, long maxStalenessNanos, ExpiryClock clock) {
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            // Synchronous with the eviction: an entry evicted by size is gone for the key-object path
            // too, before an invalidation by text could look for it and miss it.
            .<String, Entry>evictionListener((key, entry, cause) -> {
              if (entry != null) {
                entry.dead = true;
              }
            })
            .build();
    this.byKeyObject = Caffeine.newBuilder().maximumSize(maxEntries).build();
    this.maxStalenessNanos = maxStalenessNanos;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- reads and fills

  /**
   * The value stored for {@code key} as {@code type}, or {@code null} (a near miss): not serving,
   * absent, stored as another type, older than the staleness bound, or covered by a prefix
   * invalidation since its read.
   */
  <T> @Nullable T get(String key, ValueType<T> type) {
    if (!serving) {
      return null;
    }
    Entry entry = entries.getIfPresent(key);
    if (entry == null || !isOfType(entry, type)) {
      return null;
    }
    if (isStale(entry)) {
      if (entries.asMap().remove(key, entry)) { // this entry only, never a fresher fill
        entry.dead = true;
      }
      return null;
    }
    return hit(entry);
  }

  /**
   * The value stored under a proxy's key object as {@code type}, or {@code null}: the same checks as
   * {@link #get(String, ValueType)}, plus whether the entry was removed by its text since it was
   * {@link #link linked}.
   */
  <T> @Nullable T getByKeyObject(Object keyObject, ValueType<T> type) {
    if (!serving) {
      return null;
    }
    Entry entry = byKeyObject.getIfPresent(keyObject);
    if (entry == null || entry.dead || !isOfType(entry, type) || isStale(entry)) {
      return null;
    }
    return hit(entry);
  }

  /**
   * Lets the next read of {@code keyObject} find the live entry stored under {@code key}, if any. An
   * invalidation that removes the entry afterwards marks it dead, so the link never outlives it.
   */
  void link(Object keyObject, String key) {
    if (!serving) {
      return;
    }
    Entry entry = entries.getIfPresent(key);
    if (entry != null && !entry.dead) {
      byKeyObject.put(keyObject, entry);
    }
  }

  private static boolean isOfType(Entry entry, ValueType<?> type) {
    return entry.type == type || entry.type.equals(type);
  }

  /** Older than the staleness bound, or covered by a prefix invalidation since its read. */
  private boolean isStale(Entry entry) {
    if (clock.now() - entry.storedAt >= maxStalenessNanos) {
      return true;
    }
    PrefixLog log = prefixes;
    long epoch = entry.prefixEpoch;
    if (log.epoch() != epoch) {
      if (log.coversSince(epoch, entry.key)) {
        return true;
      }
      // Not covered: raise its epoch, so the next hit does not look again. A newer invalidation has
      // a newer epoch, so it is still checked.
      entry.prefixEpoch = log.epoch();
    }
    return false;
  }

  private <T> T hit(Entry entry) {
    hits.increment();
    @SuppressWarnings("unchecked") // stored as exactly this type (equal descriptors)
    T value = (T) entry.value;
    return value;
  }

  /** What a miss of {@code key} sees before it reads Redis. */
  Stamp stamp(String key) {
    return new Stamp(prefixes.epoch(), keyCounters.get(stripe(key)));
  }

  /**
   * Stores a value read from Redis as a hit, unless an invalidation of its key was applied here since
   * {@code stamp} was taken (then it is counted as refused), or the near cache is not serving.
   */
  void offer(String key, ValueType<?> type, Object value, Stamp stamp) {
    if (!serving) {
      return;
    }
    PrefixLog log = prefixes;
    if (log.epoch() != stamp.prefixEpoch() && log.coversSince(stamp.prefixEpoch(), key)) {
      refusedFills.increment(); // a read would find it covered; do not store it at all
      return;
    }
    int stripe = stripe(key);
    boolean[] stored = {false};
    entries
        .asMap()
        .compute(
            key,
            (k, old) -> {
              if (keyCounters.get(stripe) != stamp.keyCounter()) {
                return old; // an invalidation of a key of this stripe came after the read started
              }
              if (old != null) {
                old.dead = true; // replaced: its key-object links go with it
              }
              stored[0] = true;
              return new Entry(k, value, type, clock.now(), stamp.prefixEpoch());
            });
    if (!stored[0]) {
      refusedFills.increment();
    }
  }

  // ---------------------------------------------------------------- invalidations

  /** Applies an invalidation: of one key, of a prefix, or a flush. */
  void invalidate(Item item) {
    switch (item.kind()) {
      case KEY -> invalidateKey(item.text());
      case PREFIX -> invalidatePrefix(item.text());
      case FLUSH -> invalidatePrefix("");
    }
  }

  /** Removes one key; fills of it whose read started before are refused. */
  void invalidateKey(String key) {
    keyCounters.incrementAndGet(stripe(key)); // first: a fill that runs after the removal sees it
    Entry removed = entries.asMap().remove(key);
    if (removed != null) {
      removed.dead = true; // and gone for the key-object path
    }
  }

  private void invalidatePrefix(String prefix) {
    synchronized (prefixLock) {
      prefixes = prefixes.plus(prefix); // first: entries the pass misses are covered on read
    }
    // Entries the pass misses (Caffeine skips one being removed at that moment) are covered by the
    // log, on both paths; the ones it sees are marked dead.
    entries
        .asMap()
        .values()
        .removeIf(
            entry -> {
              if (entry.key.startsWith(prefix)) {
                entry.dead = true;
                return true;
              }
              return false;
            });
    if (prefix.isEmpty()) {
      byKeyObject.invalidateAll();
    }
  }

  /** Empties the near cache: every entry, and every fill whose read started before. */
  void clear() {
    invalidatePrefix("");
  }

  /** Stops serving, and empties the near cache: reads go to Redis, nothing is stored. */
  void suspend() {
    serving = false;
    clear();
  }

  /**
   * Empties the near cache (a fill whose read started before cannot be stored), then serves. Called
   * once the subscription is confirmed: every invalidation from now on is heard.
   */
  void resume() {
    clear();
    serving = true;
  }

  // ---------------------------------------------------------------- state

  boolean serving() {
    return serving;
  }

  long hitCount() {
    return hits.sum();
  }

  long refusedFillCount() {
    return refusedFills.sum();
  }

  /** The number of entries, including some that may have expired or been covered. */
  long size() {
    return entries.estimatedSize();
  }

  /** Whether an entry for {@code key} is stored, whatever its state: for tests. */
  boolean holds(String key) {
    return entries.asMap().containsKey(key);
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
