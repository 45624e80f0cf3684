package dev.lightcache.runtime.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lightcache.runtime.CacheOperation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One load across processes for a key missed at once ({@link RedisCacheConfig.Builder#loadLease}).
 *
 * <p>After a miss that Redis answered, the process tries to take the key's lease: {@code SET
 * <prefix>__lc:lease{<slot tag>}:<key> <token> NX PX maxLoad}, in the same script that looks at the
 * entry again (so a value stored meanwhile is a hit). The holder returns the miss and loads; its
 * {@code set} stores the value and then releases the lease (deleted only if it still holds its
 * token). A process that finds the lease held waits, polling the same script every few milliseconds
 * (2 ms, doubling to 50 ms): it returns the holder's value when it appears, takes the lease and
 * loads if the lease is gone without a value (the holder's fill was refused, or it died and the
 * lease expired), and loads for itself once it has waited {@code maxLoad}.
 *
 * <p>A failing Redis never blocks a call: with the breaker open the lease is skipped, and any failure
 * of a lease command ends the wait with a miss (the call waits for at most one timeout). A waiting
 * thread that is interrupted stops waiting, keeps its interrupt status and loads. A load that stores
 * nothing (it threw, its result is not cached, a write overtook it) is reported by the proxy and
 * releases its lease at once; only a holder that dies leaves its lease to expire.
 *
 * <p>The lease key shares the entry's hash slot (its tag is the slot's {@link SlotTags tag}), so one
 * script can read the entry and take the lease in a cluster too. Thread-safe.
 */
final class LoadLease {

  /** What a lease attempt found. */
  sealed interface Outcome {}

  /** The entry was stored meanwhile: these are its bytes. */
  record Found(byte[] value) implements Outcome {}

  /** This process holds the lease: load, then {@link #release} after storing. */
  record Acquired() implements Outcome {}

  /** Nothing to wait for (Redis failed, the breaker is open, the wait ran out): load. */
  record LoadYourself() implements Outcome {}

  private static final Outcome ACQUIRED = new Acquired();
  private static final Outcome LOAD_YOURSELF = new LoadYourself();
  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** KEYS: entry, lease; ARGV: token, lease ms, max bytes. {value} | {false, 'acquired'|'held'}. */
  private static final RedisScript POLL =
      new RedisScript(
          """
          local value = redis.pcall('GET', KEYS[1])
          if type(value) == 'string' and string.len(value) <= tonumber(ARGV[3]) then
            return {value}
          end
          if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
            return {false, 'acquired'}
          end
          return {false, 'held'}
          """);

  /** KEYS: lease; ARGV: token. Deletes the lease if it still holds the token. */
  private static final RedisScript RELEASE =
      new RedisScript(
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
          end
          return 0
          """);

  private final String prefix;
  private final RedisDeployment deployment;
  private final RedisGuard guard;
  private final RedisEntries.Problems problems;
  private final RedisCounters counters;
  private final long maxLoadNanos;
  private final byte[] leaseMillis;
  private final byte[] maxBytes;
  private final String owner = UUID.randomUUID().toString();
  private final AtomicLong tokens = new AtomicLong();
  /** The leases this process holds, by key: released by the fill, or forgotten when they expire. */
  private final Cache<String, byte[]> held;

  LoadLease(
      String prefix,
      Duration maxLoad,
      int maxValueBytes,
      RedisDeployment deployment,
      RedisGuard guard,
      RedisCounters counters,
      RedisEntries.Problems problems) {
    this.prefix = prefix;
    this.deployment = deployment;
    this.guard = guard;
    this.counters = counters;
    this.problems = problems;
    this.maxLoadNanos = maxLoad.toNanos();
    this.leaseMillis = bytes(Long.toString(Math.max(1, maxLoad.toMillis())));
    this.maxBytes = bytes(Integer.toString(maxValueBytes));
    this.held = Caffeine.newBuilder().expireAfterWrite(maxLoad).build();
  }

  /**
   * After a miss that Redis answered: takes the lease, or waits for the holder's value.
   *
   * @return the value found, that this process holds the lease, or that it should load on its own
   */
  Outcome acquireOrWait(String key) {
    byte[] entryKey = bytes(prefix + key);
    byte[] leaseKey = leaseKey(entryKey, key);
    byte[] token = bytes(owner + ":" + tokens.incrementAndGet());
    long deadline = System.nanoTime() + maxLoadNanos;
    long pause = FIRST_POLL_NANOS;
    boolean waited = false;
    while (true) {
      if (!guard.acquire()) {
        return LOAD_YOURSELF;
      }
      List<?> reply;
      try {
        reply = (List<?>) guard.call(j -> POLL.run(j, List.of(entryKey, leaseKey), List.of(token, leaseMillis, maxBytes)));
      } catch (RuntimeException e) {
        problems.failed(CacheOperation.GET, key, e);
        return LOAD_YOURSELF;
      }
      if (reply.get(0) instanceof byte[] value) {
        return new Found(value);
      }
      if ("acquired".equals(text(reply.get(1)))) {
        held.put(key, token);
        return ACQUIRED;
      }
      if (!waited) {
        waited = true;
        counters.leaseWaits.increment();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return LOAD_YOURSELF;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the caller sees it; it loads without waiting more
        return LOAD_YOURSELF;
      }
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
    }
  }

  /** Releases the lease this process holds on {@code key}, if any: after its fill. */
  void release(String key) {
    byte[] token = held.asMap().remove(key);
    if (token == null || !guard.acquire()) {
      return; // not ours, or Redis is failing: the lease expires on its own
    }
    byte[] leaseKey = leaseKey(bytes(prefix + key), key);
    try {
      guard.call(j -> RELEASE.run(j, List.of(leaseKey), List.of(token)));
    } catch (RuntimeException e) {
      problems.failed(CacheOperation.DELETE, FillFence.RESERVED + "lease:" + key, e);
    }
  }

  private byte[] leaseKey(byte[] entryKey, String key) {
    return bytes(prefix + FillFence.RESERVED + "lease" + deployment.hashTagOf(entryKey) + ":" + key);
  }

  private static @Nullable String text(@Nullable Object reply) {
    return reply instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : null;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
