package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.InvalidationChannel.Message;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.UnifiedJedis;

/**
 * Keeps a {@link NearCache} subscribed to its {@link InvalidationChannel}, and serving only while the
 * subscription is known to work.
 *
 * <p><b>Threads.</b> Started by the first read ({@link #start()}), so that a cache opens no
 * connection before it is used. Two daemon threads per cache: {@code lightcache-near-<n>} subscribes
 * (Jedis's {@code SUBSCRIBE} blocks it) and applies the messages it hears, other processes' only;
 * {@code lightcache-near-<n>-watchdog} checks the subscription every 100 ms. Both stop at {@link
 * #close}.
 *
 * <p><b>When the near cache serves.</b> It is turned on ({@link NearCache#resume()}, which empties
 * it first) when Redis confirms the subscription, and off ({@link NearCache#suspend()}, which
 * empties it) as soon as the subscription is lost: the {@code SUBSCRIBE} call fails or returns (Redis
 * killed or restarted, connection reset, a client output buffer limit), or the watchdog finds it
 * silent. Meanwhile reads go to Redis and store nothing; the subscriber tries again after 100 ms,
 * doubling up to 1 s, and starts over at 100 ms after each confirmed subscription. So a message
 * published while this process was not subscribed cannot leave a stale near entry behind: there was
 * none left, and no read that started before the new subscription can store one.
 *
 * <p><b>A silent subscription</b> (Redis frozen by SIGSTOP or a long pause, a network that drops
 * packets without a reset, an idle connection cut by a firewall) blocks {@code SUBSCRIBE} without an
 * error: the circuit breaker does not see it either when every read is a near hit. When the
 * subscription has heard nothing for {@value #HEARTBEAT_INTERVAL_MILLIS} ms, the watchdog publishes a
 * heartbeat on the channel through the cache's client ({@link InvalidationChannel#heartbeat}); if no
 * message at all (the heartbeat, or any other) arrives on the subscription within the read timeout
 * after that, or the {@code PUBLISH} fails, the subscription counts as lost and the watchdog closes
 * its connection, which ends the blocked call. A {@code SUBSCRIBE} that Redis does not confirm within
 * the read timeout is dropped the same way. So a silent subscription stops the near cache within
 * {@value #HEARTBEAT_INTERVAL_MILLIS} ms + read timeout (twice that if the {@code PUBLISH} itself
 * hangs until it times out) + 100 ms: about 1.0 to 1.1 s measured with a 500 ms read timeout. Every
 * subscriber hears every heartbeat, so the processes of one prefix publish about two a second between
 * them, whatever their number. The watchdog also empties the near cache when the cache's circuit
 * breaker is not closed (the cache bypasses it then, at every read). {@code maxStaleness} stays the
 * hard bound whatever the detection does.
 *
 * <p>Why not {@code PING} on the subscription: on a RESP3 connection (what Jedis 8 negotiates with
 * Redis 6 and later), Jedis 8.0.2's {@code JedisPubSub.ping()} from another thread sends the {@code
 * PING} before it registers the handler of its reply, and a reply that arrives first ends the
 * subscription with "Unexpected message : PONG" (reproduced: about one ping in a hundred back to
 * back on loopback). A heartbeat writes nothing on the subscription's connection.
 *
 * <p><b>Connections.</b> The subscription takes a connection out of the client's pool ({@link
 * PubSubConnections}) and discards it afterwards. With a client of another kind than Jedis's {@code
 * RedisClient}, {@code RedisSentinelClient} and {@code RedisClusterClient}, it subscribes through the
 * client instead: a silent subscription then still turns the near cache off, but cannot be closed, so
 * the near cache stays off until the client notices.
 *
 * <p>Thread-safe.
 */
final class NearSubscriber {

  static final long HEARTBEAT_INTERVAL_MILLIS = 500;
  static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long HEARTBEAT_INTERVAL_NANOS =
      TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_INTERVAL_MILLIS);
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final AtomicInteger NUMBER = new AtomicInteger();

  private final Supplier<UnifiedJedis> client;
  private final InvalidationChannel channel;
  private final NearCache near;
  private final BooleanSupplier redisUsable;
  private final long deadlineNanos;
  private final String target;
  private final boolean poolClosesWithCache;
  private final Object lock = new Object();
  private @Nullable Thread subscriber; // guarded by lock
  private @Nullable Thread watchdog; // guarded by lock
  /** The current subscription attempt; written under {@link #lock}. */
  private volatile @Nullable Session session;
  private volatile boolean started;
  private volatile boolean closed;
  private final LongAdder received = new LongAdder();
  private final LongAdder losses = new LongAdder();
  private final LongAdder subscriptions = new LongAdder();

  /**
   * @param client the cache's client, built on first use (throws while Redis is unreachable)
   * @param channel the channel to hear
   * @param near the near cache to keep
   * @param redisUsable whether the cache's circuit breaker lets calls through
   * @param heartbeatDeadline how long a heartbeat may take to come back: the read timeout
   * @param target the Redis, for the log
   * @param poolClosesWithCache whether the client's pool is closed right after this subscriber (the
   *     cache built the client): a connection left over at closing is then not given back
   */
  NearSubscriber(
      Supplier<UnifiedJedis> client,
      InvalidationChannel channel,
      NearCache near,
      BooleanSupplier redisUsable,
      Duration heartbeatDeadline,
      String target,
      boolean poolClosesWithCache) {
    this.client = client;
    this.channel = channel;
    this.near = near;
    this.redisUsable = redisUsable;
    this.deadlineNanos = heartbeatDeadline.toNanos();
    this.target = target;
    this.poolClosesWithCache = poolClosesWithCache;
  }

  /** Starts the threads, once; a no-op after {@link #close}. Costs a volatile read once started. */
  void start() {
    if (started) {
      return;
    }
    synchronized (lock) {
      if (started || closed) {
        return;
      }
      started = true;
      int number = NUMBER.incrementAndGet();
      subscriber = daemon(this::runSubscriber, "lightcache-near-" + number);
      watchdog = daemon(this::runWatchdog, "lightcache-near-" + number + "-watchdog");
      subscriber.start();
      watchdog.start();
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(null, task, name, 0, false);
    thread.setDaemon(true); // never keeps the JVM alive
    return thread;
  }

  // ---------------------------------------------------------------- the subscriber thread

  private void runSubscriber() {
    long backoff = MIN_BACKOFF_NANOS;
    while (!closed) {
      Session attempt = null;
      Connection connection = null;
      String why = "SUBSCRIBE returned";
      try {
        UnifiedJedis built = client.get();
        connection = PubSubConnections.take(built);
        attempt = new Session(connection);
        if (!begin(attempt)) {
          return;
        }
        if (connection != null) {
          attempt.proceed(connection, channel.name());
        } else {
          built.subscribe(attempt, channel.name());
        }
      } catch (RuntimeException e) {
        why = e.toString();
        if (!closed) {
          FailureLog.event(Level.DEBUG, "Near cache subscription on " + target + " failed: " + e);
        }
      } finally {
        if (attempt != null) {
          end(attempt, why);
        }
        if (connection != null) {
          discard(connection);
        }
      }
      if (attempt != null && attempt.confirmed) {
        backoff = MIN_BACKOFF_NANOS;
      }
      if (closed) {
        return;
      }
      LockSupport.parkNanos(this, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
    }
  }

  /** Makes {@code attempt} the current subscription, unless closed. */
  private boolean begin(Session attempt) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      session = attempt;
      return true;
    }
  }

  /** Redis confirmed {@code attempt}: the near cache serves, from empty. */
  private void confirmed(Session attempt) {
    synchronized (lock) {
      if (session != attempt || closed) {
        return;
      }
      near.resume();
      subscriptions.increment();
      if (losses.sum() > 0) {
        FailureLog.event(
            Level.INFO, "Near cache subscribed again on " + target + ": it serves again");
      }
    }
  }

  /**
   * {@code attempt} is over (or found silent): if it was the current one, the near cache stops
   * serving and is emptied.
   *
   * @return whether this call ended it
   */
  private boolean end(Session attempt, String why) {
    synchronized (lock) {
      if (session != attempt) {
        return false;
      }
      session = null;
      near.suspend();
      if (attempt.confirmed && !closed) {
        losses.increment();
        FailureLog.event(
            Level.INFO,
            "Near cache subscription on " + target + " lost (" + why + "): the near cache is"
                + " emptied and reads go to Redis until it is subscribed again");
      }
      return true;
    }
  }

  private void apply(byte[] bytes) {
    Message message = InvalidationChannel.decode(bytes);
    if (message == null) {
      near.clear(); // not one of ours: whatever it meant, emptying is never narrower
      received.increment();
      return;
    }
    PendingInvalidations.Item item = message.item();
    if (item == null || channel.isOwn(message)) {
      return; // a heartbeat; or ours, applied when the invalidating call returned
    }
    near.invalidate(item);
    received.increment();
  }

  /**
   * Gives the connection back to its pool as broken, so that the pool destroys it: it may still be
   * subscribed, or half closed. The pool then opens a replacement at once, in this thread (commons-pool
   * 2.13), which against a frozen Redis takes a connect and handshake timeout; only this thread waits.
   * When the cache is closing and closes the pool next, the connection is just closed instead, so
   * that this thread ends within {@link #close}'s deadline.
   */
  private void discard(Connection connection) {
    if (closed && poolClosesWithCache) {
      forceDisconnect(connection);
      return;
    }
    connection.setBroken();
    try {
      connection.close();
    } catch (RuntimeException e) {
      // The replacement could not be opened: the pool's next borrower opens one.
    }
  }

  private static void forceDisconnect(Connection connection) {
    try {
      connection.forceDisconnect();
    } catch (IOException | RuntimeException e) {
      // Already closed.
    }
  }

  // ---------------------------------------------------------------- the watchdog thread

  private void runWatchdog() {
    boolean emptiedWhileUnusable = false;
    while (!closed) {
      LockSupport.parkNanos(this, TICK_NANOS);
      if (closed) {
        return;
      }
      Session current = session;
      if (current != null) {
        check(current, System.nanoTime());
      }
      if (redisUsable.getAsBoolean()) {
        emptiedWhileUnusable = false;
      } else if (!emptiedWhileUnusable) {
        near.clear(); // reads bypass it meanwhile; nothing it held is trusted afterwards
        emptiedWhileUnusable = true;
      }
    }
  }

  /**
   * Drops a subscription that Redis does not confirm in time; sends a heartbeat when the subscription
   * has been quiet, and drops it if nothing arrives in time.
   */
  private void check(Session current, long now) {
    if (!current.confirmed) {
      if (now - current.lastHeard > deadlineNanos) {
        drop(current, "SUBSCRIBE not confirmed within " + Duration.ofNanos(deadlineNanos));
      }
    } else if (current.awaitingHeartbeat) {
      if (now - current.heartbeatSentAt > deadlineNanos) {
        drop(current, "no message within " + Duration.ofNanos(deadlineNanos) + " of a heartbeat");
      }
    } else if (now - current.lastHeard >= HEARTBEAT_INTERVAL_NANOS) {
      try {
        channel.heartbeat(client.get());
      } catch (RuntimeException e) {
        drop(current, "the heartbeat's PUBLISH failed: " + e);
        return;
      }
      // Armed once the PUBLISH returned, unless a message came since `now` (the heartbeat itself
      // may be back already); one that comes while it is being armed disarms it again.
      if (current.lastHeard - now < 0) {
        current.heartbeatSentAt = System.nanoTime();
        current.awaitingHeartbeat = true;
        if (current.lastHeard - now >= 0) {
          current.awaitingHeartbeat = false;
        }
      }
    }
  }

  private void drop(Session current, String why) {
    end(current, why);
    current.stop(); // unblocks the subscriber thread, which subscribes again
  }

  // ---------------------------------------------------------------- closing and state

  /**
   * Stops serving, ends the subscription and waits for both threads until {@code deadlineNanos} (a
   * {@link System#nanoTime()} value). Idempotent.
   */
  void close(long deadlineNanos) {
    Session current;
    Thread[] threads;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      current = session;
      session = null;
      threads = new Thread[] {subscriber, watchdog};
      near.suspend();
    }
    if (current != null) {
      current.stop();
    }
    for (Thread thread : threads) {
      if (thread == null) {
        continue;
      }
      LockSupport.unpark(thread);
      long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      if (millis <= 0) {
        continue;
      }
      try {
        thread.join(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Whether the subscription is confirmed and current. */
  boolean subscribed() {
    Session current = session;
    return current != null && current.confirmed;
  }

  /** Messages from other caches applied to the near cache. */
  long receivedCount() {
    return received.sum();
  }

  /** Confirmed subscriptions that were lost. */
  long lossCount() {
    return losses.sum();
  }

  /** Subscriptions confirmed (the first one and each one after a loss). */
  long subscriptionCount() {
    return subscriptions.sum();
  }

  /** One subscription attempt, on one connection. */
  private final class Session extends BinaryJedisPubSub {
    private final @Nullable Connection connection;
    private final Object writeLock = new Object();
    volatile boolean confirmed;
    volatile long lastHeard = System.nanoTime();
    volatile long heartbeatSentAt;
    volatile boolean awaitingHeartbeat;

    Session(@Nullable Connection connection) {
      this.connection = connection;
    }

    @Override
    public void onSubscribe(byte[] channelName, int subscribedChannels) {
      heard();
      confirmed = true;
      confirmed(this);
    }

    @Override
    public void onMessage(byte[] channelName, byte[] message) {
      heard();
      apply(message);
    }

    private void heard() {
      lastHeard = System.nanoTime();
      awaitingHeartbeat = false;
    }

    /** Unsubscribes and closes the connection, from another thread; never throws. */
    void stop() {
      synchronized (writeLock) {
        try {
          if (isSubscribed()) {
            unsubscribe();
          }
        } catch (RuntimeException e) {
          // A broken connection: closing it below is what ends the subscription.
        }
      }
      if (connection != null) {
        forceDisconnect(connection);
      }
    }
  }
}
