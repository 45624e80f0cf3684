package dev.lightcache.runtime.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * "A write wins" across processes: a fill (the {@code set} after a miss) is not stored if an
 * invalidation covering its key happened after the read that missed, in any process.
 *
 * <p><b>State in Redis</b>, outside the entries' key space: {@code <prefix>__lc:seq}, a counter, and
 * {@code <prefix>__lc:log}, a sorted set of the last {@value #LOG_LENGTH} invalidations (score: its
 * sequence number; member: {@code <seq>|k<key>}, {@code <seq>|p<prefix>} or {@code <seq>|f}).
 *
 * <ul>
 *   <li>Every invalidation first appends to the log ({@code INCR}, {@code ZADD}, trim, and for a key
 *       its {@code DEL}, in one script), then removes the entries of a prefix or flush.
 *   <li>Every read gets the counter with the entry, in one script ({@link #read}); a miss remembers
 *       the counter it saw, in this process, per key (the oldest one if several reads missed). A miss
 *       that no fill will follow is forgotten ({@link #take}) as soon as that is known: a call that
 *       joined another's load, a load that stored nothing, a lease wait that found the value; left
 *       behind, it would hold every later fill of the key to its old counter.
 *   <li>A fill of a key with a remembered counter is conditional ({@link #fill}): stored if the
 *       counter has not moved; otherwise only if the log still holds every invalidation since, and
 *       none of them is a flush, the key, or a prefix of it. A fill whose read is older than the
 *       log's reach is not stored. A set with nothing remembered (a direct write, or a fill more than
 *       {@value #OBSERVATION_MINUTES} minutes after its miss, or one of more than {@value
 *       #MAX_OBSERVATIONS} keys missed at once) is a plain {@code SET}.
 * </ul>
 *
 * <p><b>In a Redis Cluster</b> a script's keys share one hash slot, and entries spread over all of
 * them. So each slot has its own counter and log ({@code <prefix>__lc:slot{<tag>}:seq} and {@code
 * :log}, where {@code <tag>} is a short text that hashes to that slot, see {@link SlotTags}), which
 * hold the invalidations of single keys: a key's read, fill and delete stay one atomic script each,
 * as on one server. Prefix and flush invalidations, which cover keys of every slot, go to one global
 * counter and log ({@code <prefix>__lc:global{all}:seq} and {@code :log}). A miss also reads the
 * global counter (before the load starts); a fill checks the global log before and after its
 * conditional {@code SET} and deletes its entry if a covering invalidation came in between. So a
 * prefix invalidation that races a fill in a cluster can leave the entry readable for one round trip
 * after the fill's {@code SET}, never longer: "not stored, or removed at once".
 *
 * <p>The counter starts, when missing (a new or restarted Redis), at the server's clock in
 * microseconds, so it never goes back: a fill remembered before a restart is never mistaken for one
 * after it (after a restart the counter has jumped further than the log reaches, so such fills are
 * refused). Thread-safe.
 */
final class FillFence {

  /** The start of the keys the cache keeps for itself, after its prefix. */
  static final String RESERVED = "__lc:";

  /** How many invalidations the log keeps: a load that outlives more is not stored. */
  static final int LOG_LENGTH = 10_000;

  private static final int MAX_OBSERVATIONS = 100_000;
  private static final long OBSERVATION_MINUTES = 10;
  private static final Duration OBSERVATION_LIFETIME = Duration.ofMinutes(OBSERVATION_MINUTES);

  /**
   * Starts a missing counter at the server's clock in microseconds: it never goes back, even when
   * Redis restarts empty, as long as fewer than a million invalidations a second were counted.
   */
  private static final String SEED =
      """
      local seq = redis.call('GET', KEYS[1])
      if not seq then
        local now = redis.call('TIME')
        seq = string.format('%d', tonumber(now[1]) * 1000000 + tonumber(now[2]))
        redis.call('SET', KEYS[1], seq)
      end
      """;

  /**
   * KEYS: seq, entry; ARGV: max bytes. Returns {seq, value} or {seq, false, problem}. Writes only to
   * start the counter, once per server: a miss on a new server then has a counter to remember.
   */
  private static final RedisScript READ =
      new RedisScript(
          SEED
              + """
          local value = redis.pcall('GET', KEYS[2])
          if type(value) == 'table' then
            return {seq, false, value['err']}
          end
          if value and string.len(value) > tonumber(ARGV[1]) then
            return {seq, false, 'OVERSIZE ' .. string.len(value)}
          end
          return {seq, value}
          """);

  /** KEYS: seq, log[, entry to delete]; ARGV: kind and text, log length. Returns the new seq. */
  private static final RedisScript INVALIDATE =
      new RedisScript(
          SEED
              + """
          seq = redis.call('INCR', KEYS[1])
          redis.call('ZADD', KEYS[2], string.format('%d', seq), string.format('%d', seq) .. '|' .. ARGV[1])
          redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -1 - tonumber(ARGV[2]))
          if KEYS[3] then
            redis.call('DEL', KEYS[3])
          end
          return seq
          """);

  /**
   * KEYS: seq, log[, entry]; ARGV: observed seq, value, ttl ms, key text, log length. Returns from the
   * script with 0 if an invalidation covering the key (or the log's limited reach) followed the
   * observed counter.
   */
  private static final String CHECK =
      """
          local current = tonumber(redis.call('GET', KEYS[1]) or '0')
          local observed = tonumber(ARGV[1])
          if current ~= observed then
            if current < observed or current - observed > tonumber(ARGV[5]) then
              return 0
            end
            local entries = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf')
            if #entries ~= current - observed then
              return 0
            end
            local key = ARGV[4]
            for i = 1, #entries do
              local entry = entries[i]
              local bar = string.find(entry, '|', 1, true)
              local kind = string.sub(entry, bar + 1, bar + 1)
              local text = string.sub(entry, bar + 2)
              if kind == 'f' or (kind == 'k' and text == key)
                  or (kind == 'p' and string.sub(key, 1, #text) == text) then
                return 0
              end
            end
          end
          """;

  /**
   * KEYS: seq, log, entry; ARGV: observed seq, value, ttl ms, key text, log length. Returns 1 if
   * stored, 0 if an invalidation (or the log's limited reach) refused it.
   */
  private static final RedisScript FILL =
      new RedisScript(
          CHECK
              + """
          redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
          return 1
          """);

  /** KEYS: seq, log; ARGV: as {@link #FILL}. Returns 1 if a fill would be stored, else 0. */
  private static final RedisScript CHECK_ONLY = new RedisScript(CHECK + "return 1\n");

  /** KEYS: seq. Returns the counter, starting it if missing. */
  private static final RedisScript COUNTER = new RedisScript(SEED + "return seq\n");

  /**
   * What a read found: the counter (of the key's slot in a cluster), the global counter in a cluster
   * when the read missed ({@link #NO_COUNTER} otherwise), and the value or why there is none to
   * decode.
   */
  record Read(long seq, long globalSeq, byte @Nullable [] value, @Nullable String problem) {}

  /**
   * The counters a miss saw, how many misses wait to fill the key, and whether one of them could not
   * read at all (then the fill is skipped: one call never waits for two timeouts).
   */
  record Observation(long seq, long globalSeq, int readers, boolean unreadable) {}

  /** A counter that was not read: a fill conditional on it is refused. */
  static final long NO_COUNTER = -1;

  private final RedisDeployment deployment;
  private final String reservedPrefix;
  private final byte[] seqKey;
  private final byte[] logKey;
  private final byte[] logLength = bytes(Integer.toString(LOG_LENGTH));
  private final Cache<String, Observation> observations =
      Caffeine.newBuilder()
          .maximumSize(MAX_OBSERVATIONS)
          .expireAfter(new FromFirstMiss())
          .build();
  private final AtomicLong lastSeen = new AtomicLong();

  FillFence(String prefix, RedisDeployment deployment) {
    this.deployment = deployment;
    this.reservedPrefix = prefix + RESERVED;
    // One server: one counter and log. A cluster: the global pair, beside one pair per slot.
    this.seqKey = bytes(deployment.clustered() ? reservedPrefix + "global{all}:seq" : reservedPrefix + "seq");
    this.logKey = bytes(deployment.clustered() ? reservedPrefix + "global{all}:log" : reservedPrefix + "log");
  }

  /** The counter of the invalidations of single keys, for {@code entryKey}'s slot. */
  private byte[] seqKeyOf(byte[] entryKey) {
    return deployment.clustered() ? slotKey(entryKey, ":seq") : seqKey;
  }

  private byte[] logKeyOf(byte[] entryKey) {
    return deployment.clustered() ? slotKey(entryKey, ":log") : logKey;
  }

  private byte[] slotKey(byte[] entryKey, String suffix) {
    return bytes(reservedPrefix + "slot" + deployment.hashTagOf(entryKey) + suffix);
  }

  /**
   * Reads an entry and the counter at once; values over {@code maxBytes} are not transferred. In a
   * cluster, a read that finds no value also reads the global counter.
   */
  Read read(UnifiedJedis client, byte[] entryKey, int maxBytes) {
    List<?> reply =
        (List<?>)
            READ.run(
                client,
                List.of(seqKeyOf(entryKey), entryKey),
                List.of(bytes(Integer.toString(maxBytes))));
    long seq = parse((byte[]) reply.get(0));
    byte[] value = (byte[]) reply.get(1);
    String problem =
        reply.size() > 2 && reply.get(2) != null
            ? new String((byte[]) reply.get(2), StandardCharsets.UTF_8)
            : null;
    long globalSeq = NO_COUNTER;
    if (deployment.clustered()) {
      if (value == null || problem != null) {
        globalSeq = parse((byte[]) COUNTER.run(client, List.of(seqKey), List.of()));
      }
    } else {
      seen(seq);
    }
    return new Read(seq, globalSeq, value, problem);
  }

  /** Remembers that a read of {@code key} missed, with the counters it saw. */
  void observe(String key, Read read) {
    observe(key, new Observation(read.seq(), read.globalSeq(), 1, false));
  }

  /**
   * Remembers that a read of {@code key} failed (a timeout, an error): the fill that follows it is
   * skipped, so that the call does not wait for a second timeout.
   */
  void observeFailure(String key) {
    observe(key, new Observation(lastSeen.get(), NO_COUNTER, 1, true));
  }

  private void observe(String key, Observation observation) {
    observations
        .asMap()
        .merge(
            key,
            observation,
            (old, added) ->
                new Observation(
                    Math.min(old.seq(), added.seq()),
                    Math.min(old.globalSeq(), added.globalSeq()),
                    old.readers() + 1,
                    old.unreadable() || added.unreadable()));
  }

  /**
   * Remembers a miss that did not read the counter (skipped or failed): on one server the newest
   * counter this cache has seen stands in for it, which is conservative, since it was read before
   * this miss. In a cluster, counters differ by slot: the fill is refused.
   */
  void observeWithoutRead(String key) {
    observe(
        key,
        deployment.clustered()
            ? new Observation(NO_COUNTER, NO_COUNTER, 1, false)
            : new Observation(lastSeen.get(), NO_COUNTER, 1, false));
  }

  /**
   * Takes the observation a fill of {@code key} is conditional on, if any.
   *
   * @return the observation, or {@code null} when no miss of the key is remembered
   */
  @Nullable Observation take(String key) {
    Observation[] taken = {null};
    observations
        .asMap()
        .computeIfPresent(
            key,
            (k, old) -> {
              taken[0] = old;
              return old.readers() <= 1
                  ? null
                  : new Observation(old.seq(), old.globalSeq(), old.readers() - 1, old.unreadable());
            });
    return taken[0];
  }

  /**
   * Stores {@code value} unless an invalidation covering the key followed {@code observed}. In a
   * cluster, a prefix or flush invalidation found after the {@code SET} deletes the entry again.
   */
  boolean fill(
      UnifiedJedis client,
      byte[] entryKey,
      String key,
      byte[] value,
      long ttlMillis,
      Observation observed) {
    List<byte[]> checkArgs =
        List.of(bytes(Long.toString(observed.globalSeq())), value, bytes("0"), bytes(key), logLength);
    if (deployment.clustered() && !isOne(CHECK_ONLY.run(client, List.of(seqKey, logKey), checkArgs))) {
      return false;
    }
    Object stored =
        FILL.run(
            client,
            List.of(seqKeyOf(entryKey), logKeyOf(entryKey), entryKey),
            List.of(
                bytes(Long.toString(observed.seq())),
                value,
                bytes(Long.toString(ttlMillis)),
                bytes(key),
                logLength));
    if (!isOne(stored)) {
      return false;
    }
    if (deployment.clustered() && !isOne(CHECK_ONLY.run(client, List.of(seqKey, logKey), checkArgs))) {
      client.del(entryKey); // a prefix invalidation came between the check and the SET
      return false;
    }
    return true;
  }

  /**
   * Appends an invalidation to the log and, for a key, deletes its entry in the same script.
   *
   * @param kind {@code 'k'} (key), {@code 'p'} (prefix) or {@code 'f'} (flush)
   * @param text the key or prefix, without the cache's prefix; empty for a flush
   * @param entryKey the entry to delete with it (a key's), or {@code null}
   */
  void invalidate(UnifiedJedis client, char kind, String text, byte @Nullable [] entryKey) {
    List<byte[]> keys =
        entryKey == null
            ? List.of(seqKey, logKey)
            : List.of(seqKeyOf(entryKey), logKeyOf(entryKey), entryKey);
    Object seq = INVALIDATE.run(client, keys, List.of(bytes(kind + text), logLength));
    if (seq instanceof Long number && !deployment.clustered()) {
      seen(number);
    }
  }

  private static boolean isOne(Object reply) {
    return reply instanceof Long number && number == 1L;
  }

  /**
   * An observation lives {@value #OBSERVATION_MINUTES} minutes from the first miss it remembers; later
   * misses of the key do not extend it. A proxy's load that ends without a fill takes its reader
   * back ({@link #take}, through the cache); a miss read by other code and never filled leaves its
   * reader behind: this bounds how long such a leftover can make the key's later fills be judged
   * against its old counter (which can only refuse them).
   */
  private static final class FromFirstMiss implements Expiry<String, Observation> {
    @Override
    public long expireAfterCreate(String key, Observation value, long currentTime) {
      return OBSERVATION_LIFETIME.toNanos();
    }

    @Override
    public long expireAfterUpdate(
        String key, Observation value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    @Override
    public long expireAfterRead(
        String key, Observation value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  private void seen(long seq) {
    if (seq > lastSeen.get()) {
      lastSeen.accumulateAndGet(seq, Math::max);
    }
  }

  private static long parse(@Nullable Object reply) {
    byte[] digits = reply instanceof byte[] bytes ? bytes : null;
    if (digits == null) {
      return 0; // cannot happen (the script starts the counter); 0 makes fills conservative
    }
    long value = 0;
    for (byte digit : digits) {
      if (digit < '0' || digit > '9') {
        return 0; // not ours: the fill's script refuses to compare with it
      }
      value = value * 10 + (digit - '0');
    }
    return value;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
