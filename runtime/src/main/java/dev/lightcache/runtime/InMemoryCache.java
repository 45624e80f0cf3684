package dev.lightcache.runtime;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lightcache.runtime.internal.ExpiryClock;
import dev.lightcache.runtime.internal.InternalAccess;
import dev.lightcache.runtime.internal.Key;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The default backend: a bounded in-process cache with per-entry expiration, backed by Caffeine.
 *
 * <p>It holds at most {@link Builder#maximumSize(long) maximumSize} entries (10,000 by default),
 * evicting the least valuable ones first (Caffeine's W-TinyLFU). Every entry expires after the
 * expiration given to {@link #set}, or after the {@link Builder#defaultExpiration default expiration}
 * (5 minutes) when that is {@code null}: a read after that is a miss, at most the {@link
 * Builder#expirationSlack expiration slack} (10 ms by default) late. Expired entries that nobody reads
 * are swept every 1,024 writes and by {@link #cleanUp()}, and evicted by the size bound like any
 * other. {@link #invalidatePrefix} removes only the keys under the prefix.
 *
 * <p>Proxies built by Lightcache store their entries here under small key objects rather than text
 * (it saves building a string on every hit), in the same key space as the text keys of the {@link
 * Cache} contract: {@link #get(String)}, {@link #delete(String)}, {@link #invalidatePrefix}, {@link
 * #flush} and {@link #estimatedSize} with a proxy's documented text key reach the proxy's entries,
 * and {@link #set} with such a key replaces the proxy's entry (the proxy reads it as a miss and loads
 * again). A text lookup that has to find a proxy's entry walks the entries, so it costs more than a
 * proxy's own lookup.
 *
 * <p><b>Subclasses</b> get the same fast path. {@code get}, {@code set} and {@code delete} are final:
 * proxies do not call them (they reach the key-object entries directly), so an override would change
 * what text-key callers see and not what proxies see. To post-process what proxies read, write a {@link
 * Cache} that delegates to an {@code InMemoryCache}; {@link #invalidatePrefix} and {@link #flush} may be
 * overridden, and proxies call them.
 *
 * <p>Values are kept as the same objects that were stored, not copies: a caller that mutates a cached
 * result mutates the cached entry. Cache immutable values (records, {@code List.copyOf}) or copy them.
 *
 * <p>Thread-safe.
 */
public class InMemoryCache implements Cache {

  /** The default bound on the number of entries. */
  public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

  /** The expiration of an entry stored without one. */
  public static final Duration DEFAULT_EXPIRATION = Duration.ofMinutes(5);

  /** The default of the longest an entry may still be served after it expires. */
  public static final Duration DEFAULT_EXPIRATION_SLACK = Duration.ofMillis(10);

  /**
   * Keys are the {@code String}s of the {@link Cache} contract, and also, for calls from generated
   * proxies, {@link Key} objects: equal to each other without building text on every hit.
   */
  private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
  private final long defaultExpirationNanos;
  /**
   * What expiration is measured with: the shared coarse clock (a field a daemon thread updates), not
   * the system clock, on hits and writes alike; a time to live is exact to within the slack.
   */
  private final ExpiryClock clock;
  private final AtomicLong writes = new AtomicLong();
  /** Entries removed by the size bound or because they had expired; see {@link #evictionCount()}. */
  private final LongAdder evictions = new LongAdder();
  /** Whether any entry was ever stored under a key object: text lookups then look for those too. */
  private volatile boolean keyObjects;
  /**
   * Passes over the keys hold the write side, removals of one key the read side: a pass never overlaps
   * another pass nor the removal of one key. Caffeine removes an entry in two steps: it retires the
   * entry's node, then unlinks the node from its hash table. A pass over the keys skips a retired node,
   * but a lookup still finds it, value included, until it is unlinked. A removal whose thread is
   * descheduled between the two steps could therefore let a pass (an {@link #invalidatePrefix}) return
   * with that entry still readable: a proxy call made after the invalidation had returned then got a
   * value loaded before it (found by {@code WriteWinsStressTest}). Evictions by the size bound, which
   * Caffeine makes on its own, are the one removal this lock does not cover.
   */
  private final ReadWriteLock scanLock = new ReentrantReadWriteLock();

  static {
    InternalAccess.registerInMemory(
        new InternalAccess.InMemory() {
          @Override
          public @Nullable Object get(InMemoryCache cache, Key key) {
            return cache.read(key);
          }

          @Override
          public void set(InMemoryCache cache, Key key, Object value, Duration expiration) {
            cache.writeKeyObject(key, value, expiration);
          }

          @Override
          public void delete(InMemoryCache cache, Key key) {
            cache.remove(key);
          }
        });
  }

  /** Expired entries nobody reads are swept once every this many writes (a power of two). */
  private static final int SWEEP_EVERY_WRITES = 1024;

  /** An in-memory cache with the defaults: 10,000 entries, 5 minutes default expiration. */
  public InMemoryCache() {
    this(builder());
  }

  /**
   * An in-memory cache holding at most {@code maximumSize} entries.
   *
   * @param maximumSize the bound on the number of entries, at least 1
   */
  public InMemoryCache(long maximumSize) {
    this(builder().maximumSize(maximumSize));
  }

  private InMemoryCache(Builder builder) {
    this.defaultExpirationNanos = nanos(builder.defaultExpiration);
    this.clock = builder.clock();
    clock.register(this, nanos(builder.expirationSlack));
    // Size-bounded only: expiration is checked against each entry's own deadline when it is read
    // (Caffeine's variable expiration costs a timer-wheel update on every read, measured at several
    // times the cost of the lookup itself; see docs/benchmarks.md).
    // The listener runs only when the size bound evicts an entry: nothing is added to reads or writes.
    Caffeine<Object, Object> caffeine =
        Caffeine.newBuilder()
            .maximumSize(builder.maximumSize)
            .evictionListener((key, value, cause) -> evictions.increment());
    if (builder.executor != null) {
      caffeine.executor(builder.executor);
    }
    this.entries = caffeine.build();
  }

  /**
   * A builder for an in-memory cache with other settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public final @Nullable Object get(String key) {
    Object twin = keyObjectOf(key);
    return read(twin != null ? twin : key);
  }

  @Override
  public final void set(String key, Object value, @Nullable Duration expiration) {
    Object twin = keyObjectOf(key);
    if (twin != null) {
      // Entries under key objects are only ever written by proxies, which then need no type check.
      remove(twin);
    }
    write(key, value, expiration);
  }

  @Override
  public final void delete(String key) {
    remove(key);
    Object twin = keyObjectOf(key);
    if (twin != null) {
      remove(twin);
    }
  }

  @Override
  public void flush() {
    Lock pass = scanLock.writeLock();
    pass.lock();
    try {
      entries.invalidateAll();
    } finally {
      pass.unlock();
    }
  }

  /**
   * Removes exactly the keys that start with {@code prefix}, in one pass over the keys. The pass runs
   * alone: no other pass and no removal of one key runs meanwhile, or the pass could miss an entry that
   * another thread is still removing and return while it can be read (see {@link #scanLock}).
   */
  @Override
  public void invalidatePrefix(String prefix) {
    Lock pass = scanLock.writeLock();
    pass.lock();
    try {
      entries.asMap().keySet().removeIf(key -> Key.textStartsWith(key, prefix));
    } finally {
      pass.unlock();
    }
  }

  /** The key object a proxy stored an entry of this text key under, if any. */
  private @Nullable Object keyObjectOf(String text) {
    if (!keyObjects) {
      return null;
    }
    Lock pass = scanLock.writeLock();
    pass.lock();
    try {
      for (Object key : entries.asMap().keySet()) {
        if (key instanceof Key k && k.hasText(text)) {
          return key;
        }
      }
    } finally {
      pass.unlock();
    }
    return null;
  }

  private void writeKeyObject(Key key, Object value, Duration expiration) {
    if (!keyObjects) {
      keyObjects = true;
    }
    write(key, value, expiration);
  }

  private @Nullable Object read(Object key) {
    Object stored = entries.getIfPresent(key);
    if (stored == null) {
      return null;
    }
    Entry entry = (Entry) stored;
    if (entry.isExpiredAt(clock.now())) {
      // No need to exclude passes (see scanLock): until it is unlinked, the entry reads as expired.
      if (entries.asMap().remove(key, entry)) {
        evictions.increment();
      }
      return null;
    }
    return entry.value;
  }

  /** Removes the entry of one key, never during a pass over the keys (see {@link #scanLock}). */
  private void remove(Object key) {
    Lock removal = scanLock.readLock();
    removal.lock();
    try {
      entries.invalidate(key);
    } finally {
      removal.unlock();
    }
  }

  private void write(Object key, Object value, @Nullable Duration expiration) {
    Objects.requireNonNull(value, "value");
    long nanos = expiration == null ? defaultExpirationNanos : nanos(expiration);
    entries.put(key, new Entry(value, clock.now(), nanos));
    if ((writes.incrementAndGet() & (SWEEP_EVERY_WRITES - 1)) == 0) {
      removeExpired();
    }
  }

  /**
   * The number of entries, as Caffeine estimates it. Expired entries count until they are read,
   * evicted by the size bound, swept (every {@value #SWEEP_EVERY_WRITES} writes) or {@link
   * #cleanUp() cleaned up}.
   *
   * @return the approximate number of entries
   */
  public long estimatedSize() {
    return entries.estimatedSize();
  }

  /**
   * Entries removed without being asked to: evicted by the size bound, or removed because they had
   * expired (when read, swept or {@link #cleanUp() cleaned up}), as Caffeine counts evictions. Removals
   * by {@link #delete}, {@link #invalidatePrefix} and {@link #flush} are not evictions.
   *
   * @return the number of evictions since the cache was built
   */
  public long evictionCount() {
    return evictions.sum();
  }

  /** Removes expired entries and runs Caffeine's pending maintenance (evictions) now. */
  public void cleanUp() {
    removeExpired();
    entries.cleanUp();
  }

  private void removeExpired() {
    long now = clock.now();
    Lock pass = scanLock.writeLock();
    pass.lock();
    try {
      ConcurrentMap<Object, Object> map = entries.asMap();
      for (Map.Entry<Object, Object> stored : map.entrySet()) {
        if (((Entry) stored.getValue()).isExpiredAt(now) && map.remove(stored.getKey(), stored.getValue())) {
          evictions.increment();
        }
      }
    } finally {
      pass.unlock();
    }
  }

  /**
   * The duration in nanoseconds, saturated: {@code Duration.toNanos()} throws beyond 292 years, and
   * {@code @Cached(expirationSeconds = Long.MAX_VALUE)} means "as long as possible", not an error.
   */
  private static long nanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** A value, when it was stored and for how long; compared by subtraction, safe from overflow. */
  private record Entry(Object value, long storedAt, long expirationNanos) {
    boolean isExpiredAt(long now) {
      return now - storedAt >= expirationNanos;
    }
  }

  /** Settings of an {@link InMemoryCache}. Not thread-safe; build once, then share the cache. */
  public static final class Builder {
    private long maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Duration defaultExpiration = DEFAULT_EXPIRATION;
    private @Nullable LongSupplier ticker;
    private @Nullable ExpiryClock clock;
    private Duration expirationSlack = DEFAULT_EXPIRATION_SLACK;
    private @Nullable Executor executor;

    private Builder() {}

    /**
     * The bound on the number of entries.
     *
     * @param maximumSize at least 1
     * @return this builder
     */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * The expiration of entries stored without one.
     *
     * @param defaultExpiration a positive duration
     * @return this builder
     */
    public Builder defaultExpiration(Duration defaultExpiration) {
      if (defaultExpiration.isNegative() || defaultExpiration.isZero()) {
        throw new IllegalArgumentException("defaultExpiration must be positive, was " + defaultExpiration);
      }
      this.defaultExpiration = defaultExpiration;
      return this;
    }

    /**
     * The longest an entry may still be served after it expires: a hit compares the entry's deadline
     * with a coarse clock that one daemon thread per JVM advances every half of this (see
     * docs/reference.md, "In-memory expiration"), so that it does not read the system clock. 10 ms by
     * default; below 2 ms (or {@link Duration#ZERO}) every hit reads the system clock instead. Writes
     * read the same coarse clock, so an entry lives its time to live to within the slack: never more
     * than the slack shorter or longer.
     *
     * @param slack zero or a positive duration
     * @return this builder
     */
    public Builder expirationSlack(Duration slack) {
      if (slack.isNegative()) {
        throw new IllegalArgumentException("expirationSlack must not be negative, was " + slack);
      }
      this.expirationSlack = slack;
      return this;
    }

    /** For tests of the coarse clock: expiration reads {@code clock}, which the test ticks. */
    Builder clock(ExpiryClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private ExpiryClock clock() {
      if (clock != null) {
        return clock;
      }
      if (ticker != null) {
        return ExpiryClock.precise(ticker);
      }
      return nanos(expirationSlack) < ExpiryClock.MIN_COARSE_BOUND_NANOS
          ? ExpiryClock.precise(System::nanoTime)
          : ExpiryClock.system();
    }

    /**
     * The clock that expiration reads, in nanoseconds; {@link System#nanoTime()} by default. Tests pass
     * a controllable clock here; every hit then reads it (there is no coarse clock and no slack).
     *
     * @param nanoTime a source of nanosecond time
     * @return this builder
     */
    public Builder ticker(LongSupplier nanoTime) {
      this.ticker = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * Where Caffeine runs its maintenance; {@code ForkJoinPool.commonPool()} by default. Tests pass
     * {@code Runnable::run} for deterministic eviction.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the cache.
     *
     * @return a new in-memory cache
     */
    public InMemoryCache build() {
      return new InMemoryCache(this);
    }
  }
}
