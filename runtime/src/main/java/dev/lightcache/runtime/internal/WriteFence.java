package dev.lightcache.runtime.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.StampedLock;
import org.jspecify.annotations.Nullable;

/**
 * Makes "a write wins" hold for one backend in this JVM: a load that was in flight when an
 * invalidation covering its key happened is never stored, and later callers never join it.
 *
 * <p>Every invalidation made through a proxy is first recorded here (a sequence number and what it
 * covers: one key, a prefix, or everything), then carried out on the backend. A load notes the
 * sequence number before it calls the delegate; before storing, it checks whether any invalidation
 * recorded since then covers its key. For the built-in in-memory backend the check and the store run
 * under the read side of a lock whose write side records invalidations, so one cannot slip between the
 * other. For other backends (whose writes may block on I/O) the load stores, then checks, and removes
 * what it stored if an invalidation came in between.
 *
 * <p>The record keeps the last {@value #LOG_SIZE} invalidations; a load older than that is treated as
 * invalidated (not stored), which is never wrong, only a lost fill. One fence per backend instance,
 * shared by every proxy over it ({@link #of}). Thread-safe.
 */
final class WriteFence {

  static final int LOG_SIZE = 1024;
  private static final int MASK = LOG_SIZE - 1;

  private static final Map<Object, WriteFence> FENCES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The fence of a backend, shared by every proxy over it.
   *
   * @param backend the backend instance
   * @return its fence
   */
  static WriteFence of(Object backend) {
    return FENCES.computeIfAbsent(backend, b -> new WriteFence());
  }

  private enum Kind { KEY, PREFIX, ALL }

  private record Entry(long sequence, Kind kind, String text) {
    boolean covers(Key key, @Nullable String[] rendered) {
      switch (kind) {
        case ALL:
          return true;
        case PREFIX:
          return key.textStartsWith(text);
        default:
          if (rendered[0] == null) {
            rendered[0] = key.text();
          }
          return rendered[0].equals(text);
      }
    }
  }

  private final StampedLock lock = new StampedLock();
  private final Entry[] log = new Entry[LOG_SIZE];
  /** The number of the last recorded invalidation; written under the write lock, after its entry. */
  private volatile long sequence;

  /**
   * The point a load starts from: invalidations after it may make its result stale.
   *
   * @return the current sequence number
   */
  long begin() {
    return sequence;
  }

  /**
   * Whether an invalidation recorded after {@code since} covers {@code key}. Costs one volatile read
   * when nothing was invalidated since.
   */
  boolean invalidatedSince(long since, Key key) {
    long now = sequence;
    if (now == since) {
      return false;
    }
    if (now - since > LOG_SIZE) {
      return true; // the record no longer reaches back that far
    }
    String[] rendered = new String[1];
    for (long s = since + 1; s <= now; s++) {
      Entry entry = log[(int) (s & MASK)];
      if (entry == null || entry.sequence != s || entry.covers(key, rendered)) {
        return true; // overwritten by a newer lap of the ring: assume it covered the key
      }
    }
    return false;
  }

  /**
   * Runs {@code store} unless an invalidation since {@code since} covers {@code key}, atomically with
   * respect to {@link #record recording} invalidations. For stores that do not block.
   *
   * @return whether it stored
   */
  boolean storeIfCurrent(long since, Key key, Runnable store) {
    long stamp = lock.readLock();
    try {
      if (invalidatedSince(since, key)) {
        return false;
      }
      store.run();
      return true;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /** Records that the entry with this text key is being invalidated. */
  void recordKey(String text) {
    record(Kind.KEY, text);
  }

  /** Records that every entry under this prefix is being invalidated. */
  void recordPrefix(String prefix) {
    record(Kind.PREFIX, prefix);
  }

  /** Records that every entry is being invalidated. */
  void recordAll() {
    record(Kind.ALL, "");
  }

  private void record(Kind kind, String text) {
    long stamp = lock.writeLock();
    try {
      long next = sequence + 1;
      log[(int) (next & MASK)] = new Entry(next, kind, text);
      sequence = next;
    } finally {
      lock.unlockWrite(stamp);
    }
  }
}
