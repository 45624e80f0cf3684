package dev.lightcache.runtime.redis;

import java.util.Arrays;

/**
 * The last {@value #LENGTH} invalidations that covered more than one key of a {@link NearCache}
 * (prefixes; a flush, or anything else that empties it, is the empty prefix), numbered by an epoch
 * that only grows. A near entry remembers the epoch current when the Redis read that filled it
 * started; a read of the entry asks {@link #coversSince} whether one of the invalidations after that
 * epoch covers its key. So an entry that a pass over the near cache's keys failed to remove (Caffeine
 * skips an entry that is being removed or evicted by another thread at that moment) can still never
 * be read after the invalidation.
 *
 * <p>Immutable: the near cache swaps a new log in (copy on write, at most {@value #LENGTH} strings)
 * for each such invalidation, and a read takes one volatile read of the current log.
 */
final class PrefixLog {

  /** How many invalidations the log keeps; an entry older than all of them is treated as covered. */
  static final int LENGTH = 64;

  static final PrefixLog EMPTY = new PrefixLog(0, new String[0]);

  /** The epoch of the newest invalidation; 0 before the first. */
  private final long epoch;

  /** The newest invalidations, oldest first: {@code prefixes[i]} has epoch {@code epoch - length + 1 + i}. */
  private final String[] prefixes;

  private PrefixLog(long epoch, String[] prefixes) {
    this.epoch = epoch;
    this.prefixes = prefixes;
  }

  /** The epoch of the newest invalidation. */
  long epoch() {
    return epoch;
  }

  /**
   * The log with one more invalidation. The empty prefix (a flush) covers every older one, so it
   * forgets them: entries stamped before it are covered by it anyway.
   */
  PrefixLog plus(String prefix) {
    if (prefix.isEmpty()) {
      return new PrefixLog(epoch + 1, new String[] {""});
    }
    int kept = Math.min(prefixes.length, LENGTH - 1);
    String[] next = Arrays.copyOfRange(prefixes, prefixes.length - kept, prefixes.length + 1);
    next[kept] = prefix;
    return new PrefixLog(epoch + 1, next);
  }

  /**
   * Whether an invalidation after {@code since} covers {@code key}: one of them is a prefix of it, or
   * the log no longer holds all of them (conservative).
   *
   * @param since an epoch this log or an older one returned
   */
  boolean coversSince(long since, String key) {
    long newer = epoch - since;
    if (newer <= 0) {
      return false;
    }
    if (newer > prefixes.length) {
      return true;
    }
    for (int i = prefixes.length - (int) newer; i < prefixes.length; i++) {
      if (key.startsWith(prefixes[i])) {
        return true;
      }
    }
    return false;
  }
}
