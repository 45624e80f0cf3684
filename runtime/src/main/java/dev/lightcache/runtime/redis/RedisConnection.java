package dev.lightcache.runtime.redis;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The Jedis client of a cache, built on first use. Jedis's clients talk to Redis in their
 * constructors (a handshake; a Cluster client reads the slots, a Sentinel client asks the sentinels
 * for the primary) and throw when nobody answers. Building it lazily keeps the promise that a failing
 * Redis never fails a call: a cache built during an outage is a cache whose calls miss, and an
 * application starts without Redis. A failed build is a connection failure for the {@link
 * RedisGuard} (it counts towards the circuit breaker) and is not tried again for {@code retryNanos},
 * so callers arriving meanwhile fail at once instead of each waiting for a connect timeout.
 *
 * <p>A caller's client is used as it is and never closed. Thread-safe.
 */
final class RedisConnection {

  private final @Nullable Supplier<UnifiedJedis> factory;
  private final boolean owned;
  private final String target;
  private final long retryNanos;
  private volatile @Nullable UnifiedJedis client;
  private long retryAt; // guarded by this
  private @Nullable RuntimeException lastFailure; // guarded by this
  private boolean closed; // guarded by this

  private RedisConnection(
      @Nullable Supplier<UnifiedJedis> factory,
      @Nullable UnifiedJedis client,
      String target,
      long retryNanos) {
    this.factory = factory;
    this.client = client;
    this.owned = factory != null;
    this.target = target;
    this.retryNanos = retryNanos;
  }

  /** A caller's client: used as it is, never closed. */
  static RedisConnection of(UnifiedJedis client, String target) {
    return new RedisConnection(null, client, target, 0);
  }

  /** A client built on first use, and again {@code retryNanos} after each failed build. */
  static RedisConnection lazily(Supplier<UnifiedJedis> factory, String target, long retryNanos) {
    return new RedisConnection(factory, null, target, retryNanos);
  }

  /** Whether this cache built (and closes) its client. */
  boolean owned() {
    return owned;
  }

  /** The client, if it has been built. */
  @Nullable UnifiedJedis ifBuilt() {
    return client;
  }

  /**
   * The client, built now if needed.
   *
   * @throws JedisConnectionException if it cannot be built (Redis unreachable), now or within {@code
   *     retryNanos} of the last failed attempt, or the cache is closed
   */
  UnifiedJedis client() {
    UnifiedJedis built = client;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (client != null) {
        return client;
      }
      if (closed) {
        throw new JedisConnectionException("the cache on " + target + " is closed");
      }
      if (lastFailure != null && System.nanoTime() - retryAt < 0) {
        throw new JedisConnectionException(
            "no connection to " + target + " yet (the last attempt failed: " + lastFailure + ")");
      }
      try {
        client = factory.get();
        lastFailure = null;
        return client;
      } catch (RuntimeException e) {
        lastFailure = e;
        retryAt = System.nanoTime() + retryNanos;
        throw e instanceof JedisConnectionException connection
            ? connection
            : new JedisConnectionException("cannot connect to " + target + ": " + e.getMessage(), e);
      }
    }
  }

  /** Closes the client if this cache built it; later calls fail as closed. Idempotent. */
  void close() {
    UnifiedJedis built;
    synchronized (this) {
      closed = true;
      built = client;
    }
    if (owned && built != null) {
      built.close();
    }
  }
}
