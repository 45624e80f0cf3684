package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.CacheOperation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.params.SetParams;

/**
 * Moves entries' bytes between a cache and Redis under the {@link FillFence} and the {@link
 * RedisGuard}: the read that remembers what a miss saw, the fill that is refused when an invalidation
 * overtook its load, and the plain removal of an unreadable entry. Encoding, decoding and what a
 * failure means to the user are the cache's ({@link Problems}). Thread-safe.
 */
final class RedisEntries {

  /** What the cache does about a failure, a corrupt entry or an oversized value. */
  interface Problems {
    void failed(CacheOperation operation, String key, RuntimeException error);

    void corrupt(String key, Exception error);

    void oversized(String key, String what);
  }

  private final String prefix;
  private final int maxValueBytes;
  private final RedisGuard guard;
  private final FillFence fence;
  private final RedisCounters counters;
  private final Problems problems;

  RedisEntries(
      String prefix,
      int maxValueBytes,
      RedisGuard guard,
      FillFence fence,
      RedisCounters counters,
      Problems problems) {
    this.prefix = prefix;
    this.maxValueBytes = maxValueBytes;
    this.guard = guard;
    this.fence = fence;
    this.counters = counters;
    this.problems = problems;
  }

  /**
   * Reads the stored bytes and the fence's counter. Every miss remembers what the fence needs to
   * judge the fill that may follow it; an entry that does not decode is remembered by {@link
   * #undecodable}.
   *
   * @return what was read: with a value for a hit, without one when Redis answered that there is no
   *     entry; {@code null} for a miss without an answer (skipped, failed, oversized, not a string)
   */
  FillFence.@Nullable Read read(String key) {
    byte[] redisKey = rawKey(key);
    if (isReserved(key) || !guard.acquireFor(key)) {
      fence.observeWithoutRead(key);
      return null;
    }
    FillFence.Read read;
    try {
      read = guard.call(j -> fence.read(j, redisKey, maxValueBytes));
    } catch (RuntimeException e) {
      problems.failed(CacheOperation.GET, key, e);
      if (RedisGuard.isTransient(e)) {
        fence.observeFailure(key); // a timeout: the fill that follows is skipped, one timeout per call
      } else {
        fence.observeWithoutRead(key); // an answer (an ACL refusal...): the fill is tried as usual
      }
      return null;
    }
    String problem = read.problem();
    if (read.value() != null && problem == null) {
      return read;
    }
    fence.observe(key, read);
    if (problem == null) {
      return read; // absent
    }
    if (problem.startsWith("OVERSIZE")) {
      problems.oversized(key, "A stored value of " + problem.substring(9).trim() + " bytes");
      remove(key);
    } else {
      // Someone stored a list, hash... under our key (WRONGTYPE): not ours to read.
      problems.corrupt(key, new IOException(problem));
    }
    return null;
  }

  /** A read found bytes that do not decode: a miss, remembered for the fill, and deleted. */
  void undecodable(String key, FillFence.Read read, Exception error) {
    if (read.value() != null) { // else the read already remembered its miss (a value found later)
      fence.observe(key, new FillFence.Read(read.seq(), FillFence.NO_COUNTER, null, null));
    }
    problems.corrupt(key, error);
  }

  /**
   * Stores encoded bytes: a plain {@code SET ... PX} when no miss of the key is remembered, else the
   * fence's conditional fill. Skipped when the read before it failed, while an undelivered
   * invalidation covers the key, and for values over {@code maxValueBytes}.
   *
   * @param encoder encodes the value, only if it is going to be sent
   */
  void store(String key, long ttlMillis, Encoder encoder) {
    FillFence.Observation observed = fence.take(key);
    if (observed != null && observed.unreadable()) {
      counters.skippedFills.increment(); // the read before it failed: no second timeout for this call
      return;
    }
    if (isReserved(key) || !guard.acquireFor(key)) {
      return; // not even encoded: an open breaker costs nothing
    }
    byte[] bytes = encoder.encode();
    if (bytes == null) {
      return;
    }
    if (bytes.length > maxValueBytes) {
      problems.oversized(key, "A value of " + bytes.length + " bytes (" + encoder.describe() + ")");
      return;
    }
    byte[] redisKey = rawKey(key);
    try {
      if (observed == null) {
        guard.call(j -> j.set(redisKey, bytes, SetParams.setParams().px(ttlMillis)));
      } else if (!guard.call(j -> fence.fill(j, redisKey, key, bytes, ttlMillis, observed))) {
        counters.refusedFills.increment(); // an invalidation overtook the load: its value is older
      }
    } catch (RuntimeException e) {
      problems.failed(CacheOperation.SET, key, e);
    }
  }

  /** A miss of {@code key} will not be followed by a fill: what it remembered goes now. */
  void forget(String key) {
    fence.take(key);
  }

  /** Encodes a value for {@link #store}; {@code null} when it cannot (already reported). */
  interface Encoder {
    byte @Nullable [] encode();

    String describe();
  }

  /**
   * Removes an entry that is not readable: a plain {@code DEL}, not an invalidation, since no data
   * changed (an invalidation would refuse the fill that repairs the entry).
   */
  void remove(String key) {
    byte[] redisKey = rawKey(key);
    if (!guard.acquire()) {
      return;
    }
    try {
      guard.call(j -> j.del(redisKey));
    } catch (RuntimeException e) {
      problems.failed(CacheOperation.DELETE, key, e);
    }
  }

  /** Keys under {@value FillFence#RESERVED} are the cache's own: never read, written or deleted. */
  static boolean isReserved(String key) {
    return key.startsWith(FillFence.RESERVED);
  }

  private byte[] rawKey(String key) {
    return (prefix + key).getBytes(StandardCharsets.UTF_8);
  }
}
