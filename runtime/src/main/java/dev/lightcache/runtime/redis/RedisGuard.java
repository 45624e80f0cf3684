package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import dev.lightcache.runtime.redis.PendingInvalidations.Entry;
import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Stands between the cache and Redis: decides whether a caller's command may go to Redis now (circuit
 * breaker, invalidations still pending), runs it and classifies its outcome (a working server's
 * answer, or a failure), and delivers the invalidations that could not be delivered when asked.
 *
 * <p><b>The timer.</b> One daemon thread per cache, started when there is something to do (an
 * invalidation undelivered, or the breaker open) and gone when there is not, so an idle cache holds no
 * thread and the JVM never waits for it. It retries undelivered invalidations every {@code
 * min(openDuration, 100 ms)} while the breaker is closed; while it is open, it probes Redis with {@code
 * PING} once the open duration has passed and, if Redis answers, delivers every pending invalidation
 * before it closes the breaker, so the first reads that reach Redis again never find an entry that is
 * waiting to be deleted. No caller ever waits for a probe or a replay.
 *
 * <p>Thread-safe.
 */
final class RedisGuard {

  /** Delivers invalidations for the guard, and hears about the ones that fail. */
  interface Delivery {
    /** Delivers one invalidation to Redis; throws what the client throws. */
    void deliver(UnifiedJedis client, Item item);

    /** A delivery failed (counted and logged by the cache). */
    void failed(Item item, RuntimeException error);
  }

  private static final int PENDING_CAPACITY = 10_000;
  private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final AtomicInteger TIMER_NUMBER = new AtomicInteger();

  private final RedisConnection connection;
  private final CircuitBreaker breaker;
  private final PendingInvalidations pending = new PendingInvalidations(PENDING_CAPACITY);
  private final LongAdder skipped = new LongAdder();
  private final long retryNanos;
  private final Object timerLock = new Object();
  private @Nullable Delivery delivery;
  private volatile Runnable onConnectionFailure = () -> {};
  private @Nullable Thread timer; // guarded by timerLock
  private volatile boolean closed;

  RedisGuard(RedisConnection connection, RedisCacheConfig config, String target) {
    this.connection = connection;
    this.retryNanos = Math.min(config.openDuration().toNanos(), MAX_RETRY_NANOS);
    this.breaker =
        new CircuitBreaker(
            config.failureThreshold(),
            config.openDuration().toNanos(),
            System::nanoTime,
            new BreakerListener(config, target, connection.owned()));
  }

  /**
   * Sets what runs after a command failed without an answer (a timeout, a refused connection): a
   * cluster's topology refresh. It must return at once.
   */
  void onConnectionFailure(Runnable action) {
    this.onConnectionFailure = action;
  }

  /** Sets who delivers the invalidations; called once, before the cache is used. */
  void deliverWith(Delivery delivery) {
    this.delivery = delivery;
  }

  // ---------------------------------------------------------------- callers' commands

  /** Whether a caller's command may go to Redis now (open, closed). Changes nothing. */
  boolean allows() {
    return !closed && breaker.allowsCalls();
  }

  /** Whether a command may go to Redis now; counts the call as skipped if not. */
  boolean acquire() {
    if (allows()) {
      return true;
    }
    countSkipped();
    return false;
  }

  /**
   * Whether a read or fill of {@code key} may go to Redis now: the breaker is closed and no
   * undelivered invalidation covers the key. Counts the call as skipped if not.
   */
  boolean acquireFor(String key) {
    if (allows() && !pending.covers(key)) {
      return true;
    }
    countSkipped();
    return false;
  }

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
      R result = command.apply(connection.client());
      answered = true;
      return result;
    } catch (JedisDataException e) {
      answered = isAnAnswer(e);
      throw e;
    } finally {
      if (answered) {
        breaker.onSuccess();
      } else {
        breaker.onFailure(); // also for an Error
        onConnectionFailure.run();
      }
    }
  }

  /** Remembers an invalidation that could not be delivered; the timer delivers it. */
  void undelivered(Item item) {
    if (closed) {
      return;
    }
    pending.add(item);
    wakeTimer();
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

  // ---------------------------------------------------------------- the timer

  private void wakeTimer() {
    synchronized (timerLock) {
      if (closed) {
        return;
      }
      if (timer == null) {
        Thread thread =
            new Thread(this::runTimer, "lightcache-redis-timer-" + TIMER_NUMBER.incrementAndGet());
        thread.setDaemon(true); // never keeps the JVM alive
        timer = thread;
        thread.start();
      } else {
        LockSupport.unpark(timer);
      }
    }
  }

  private void runTimer() {
    try {
      while (!closed) {
        long parkNanos;
        CircuitState state = breaker.state();
        if (state == CircuitState.OPEN) {
          parkNanos = breaker.nanosUntilProbe();
          if (parkNanos <= 0) {
            if (breaker.tryProbe()) {
              probe();
            }
            continue;
          }
        } else if (state == CircuitState.CLOSED) {
          if (pending.isEmpty()) {
            if (stopIfIdle()) {
              return;
            }
            continue;
          }
          if (deliverPending(true)) {
            continue;
          }
          parkNanos = retryNanos;
        } else {
          parkNanos = retryNanos; // half-open: only this thread probes, so this does not happen
        }
        LockSupport.parkNanos(this, parkNanos);
      }
    } finally {
      synchronized (timerLock) {
        if (timer == Thread.currentThread()) {
          timer = null;
        }
      }
    }
  }

  /** Stops the timer if there is nothing to do; whoever adds work afterwards starts a new one. */
  private boolean stopIfIdle() {
    synchronized (timerLock) {
      if (pending.isEmpty() && breaker.state() == CircuitState.CLOSED) {
        timer = null;
        return true;
      }
      return false;
    }
  }

  /** The half-open probe: PING, then every pending invalidation, then (only then) close. */
  private void probe() {
    try {
      connection.client().ping();
    } catch (RuntimeException e) {
      FailureLog.event(Level.DEBUG, "Redis probe failed: " + e);
      breaker.probeFailed();
      return;
    }
    if (deliverPending(false)) {
      breaker.probeSucceeded();
    } else {
      breaker.probeFailed();
    }
  }

  /**
   * Delivers a snapshot of the pending invalidations, in order, until one fails for a reason that
   * may pass (which stops the round). One refused for good (an ACL) is dropped.
   *
   * @param feedBreaker whether outcomes count for the breaker (not during a probe, which decides)
   * @return whether every invalidation of the snapshot was delivered or dropped
   */
  private boolean deliverPending(boolean feedBreaker) {
    Delivery target = delivery;
    if (target == null) {
      return false;
    }
    for (Entry entry : pending.snapshot()) {
      try {
        if (feedBreaker) {
          call(client -> {
            target.deliver(client, entry.item());
            return null;
          });
        } else {
          target.deliver(connection.client(), entry.item());
        }
      } catch (RuntimeException e) {
        target.failed(entry.item(), e);
        if (isTransient(e)) {
          return false;
        }
        // Refused for good (an ACL): retrying would fail forever. Logged and counted above.
      }
      pending.delivered(entry);
    }
    return true;
  }

  // ---------------------------------------------------------------- closing

  /**
   * Stops the timer and takes no new invalidations, then tries the undelivered ones until {@code
   * deadlineNanos} (a {@link System#nanoTime()} value), on a thread of its own so that a frozen Redis
   * cannot hold the caller past the deadline.
   *
   * @return the invalidations still undelivered at the deadline, which the caller reports as dropped
   */
  List<Item> close(long deadlineNanos) {
    synchronized (timerLock) {
      closed = true;
      if (timer != null) {
        LockSupport.unpark(timer);
      }
    }
    if (!pending.isEmpty()) {
      Thread last = new Thread(() -> deliverUntil(deadlineNanos), "lightcache-redis-close");
      last.setDaemon(true);
      last.start();
      try {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (millis > 0) {
          last.join(millis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return pending.clear();
  }

  private void deliverUntil(long deadlineNanos) {
    while (!pending.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
      if (!deliverPending(false)) {
        LockSupport.parkNanos(Math.min(retryNanos, deadlineNanos - System.nanoTime()));
      }
    }
  }

  // ---------------------------------------------------------------- classification

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

  /** Logs transitions, drops the pool's idle connections, and wakes the timer to probe later. */
  private final class BreakerListener implements CircuitBreaker.Listener {
    private final RedisCacheConfig config;
    private final String target;
    private final boolean ownsClient;

    BreakerListener(RedisCacheConfig config, String target, boolean ownsClient) {
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
        UnifiedJedis built = connection.ifBuilt();
        if (built != null) {
          RedisClients.clearIdleConnections(built); // after a restart, stale idle connections fail
        }
      }
      if (!probeFailed) {
        wakeTimer(); // the timer probes; no caller ever does
      }
    }

    @Override
    public void closed() {
      FailureLog.event(Level.INFO, "Redis at " + target + " answers again: the cache uses it again");
    }
  }
}
