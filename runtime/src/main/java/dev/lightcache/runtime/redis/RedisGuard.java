package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Stands between the cache and Redis: decides whether a command may go to Redis now (circuit
 * breaker), runs it and classifies its outcome (a working server's answer, or a failure), and keeps
 * the invalidations that could not be delivered until they can be. Thread-safe.
 */
final class RedisGuard {

  private static final int PENDING_CAPACITY = 10_000;

  private final UnifiedJedis jedis;
  private final CircuitBreaker breaker;
  private final PendingInvalidations pending = new PendingInvalidations(PENDING_CAPACITY);
  private final LongAdder skipped = new LongAdder();
  private final Runnable scheduleReplay;
  private volatile boolean closed;

  /**
   * @param scheduleReplay asked to replay {@link #pending()} after a command succeeded while some
   *     invalidations were undelivered
   */
  RedisGuard(
      UnifiedJedis jedis,
      RedisCacheConfig config,
      String target,
      boolean ownsClient,
      Runnable scheduleReplay) {
    this.jedis = jedis;
    this.scheduleReplay = scheduleReplay;
    this.breaker =
        new CircuitBreaker(
            config.failureThreshold(),
            config.openDuration().toNanos(),
            System::nanoTime,
            new BreakerListener(jedis, config, target, ownsClient));
  }

  /** Whether a command may go to Redis now; counts the call as skipped if not. */
  boolean acquire() {
    if (closed) {
      return false;
    }
    if (breaker.tryAcquire()) {
      return true;
    }
    skipped.increment();
    return false;
  }

  /** Whether calls are refused now: a cheap check for callers that would otherwise queue work. */
  boolean refusesNow() {
    return closed || breaker.refusesNow();
  }

  /** Counts a call that skipped Redis for a reason of the caller's (an open breaker seen earlier). */
  void countSkipped() {
    if (!closed) {
      skipped.increment();
    }
  }

  /**
   * Runs a command {@link #acquire()} let through and tells the breaker how it went. Exceptions
   * propagate to the caller, after being accounted for.
   */
  <R> R call(Function<UnifiedJedis, R> command) {
    boolean answered = false;
    try {
      R result = command.apply(jedis);
      answered = true;
      return result;
    } catch (JedisDataException e) {
      answered = isAnAnswer(e);
      throw e;
    } finally {
      if (answered) {
        breaker.onSuccess();
        if (!pending.isEmpty()) {
          scheduleReplay.run();
        }
      } else {
        breaker.onFailure(); // also for an Error, so a half-open breaker never waits forever
      }
    }
  }

  /** Remembers an invalidation that could not be delivered, unless the cache is closed. */
  void remember(Runnable add) {
    if (!closed) {
      add.run();
    }
  }

  PendingInvalidations pending() {
    return pending;
  }

  CircuitState state() {
    return breaker.state();
  }

  long skippedCount() {
    return skipped.sum();
  }

  boolean isClosed() {
    return closed;
  }

  void close() {
    closed = true;
  }

  /**
   * Whether an error reply shows a server that works: yes for a refused command (wrong type, an ACL
   * that forbids one command); no when it refuses the connection itself (wrong password) or is stuck
   * (BUSY), which repeat on every call and so must count towards opening the breaker.
   */
  static boolean isAnAnswer(JedisDataException e) {
    if (e instanceof JedisBusyException) {
      return false;
    }
    return !(e instanceof JedisAccessControlException)
        || String.valueOf(e.getMessage()).startsWith("NOPERM");
  }

  /**
   * Whether retrying may succeed: connection failures and timeouts, not error replies (a command the
   * ACL forbids would fail again on every replay).
   */
  static boolean isTransient(RuntimeException e) {
    return !(e instanceof JedisDataException) || e instanceof JedisBusyException;
  }

  /** Logs transitions and drops the pool's idle connections, which an outage has broken. */
  private static final class BreakerListener implements CircuitBreaker.Listener {
    private final UnifiedJedis jedis;
    private final RedisCacheConfig config;
    private final String target;
    private final boolean ownsClient;

    BreakerListener(UnifiedJedis jedis, RedisCacheConfig config, String target, boolean ownsClient) {
      this.jedis = jedis;
      this.config = config;
      this.target = target;
      this.ownsClient = ownsClient;
    }

    @Override
    public void opened(int consecutiveFailures, boolean probeFailed) {
      // A long outage re-opens the breaker after every failed probe: say so once, not every time.
      FailureLog.event(
          probeFailed ? Level.DEBUG : Level.WARNING,
          "Redis at " + target + " failed " + consecutiveFailures + " times in a row: the cache skips"
              + " it (every read is a miss) and probes it again in " + config.openDuration());
      if (ownsClient) {
        RedisClients.clearIdleConnections(jedis); // after a restart, stale idle connections fail
      }
    }

    @Override
    public void closed() {
      FailureLog.event(Level.INFO, "Redis at " + target + " answers again: the cache uses it again");
    }
  }
}
