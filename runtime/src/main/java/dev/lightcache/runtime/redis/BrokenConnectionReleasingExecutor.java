package dev.lightcache.runtime.redis;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Runs each command on a pooled connection, like Jedis's default executor, except that a connection
 * the command broke goes back to the pool on a background thread.
 *
 * <p>Why: since commons-pool 2.13 (POOL-431), returning a broken connection makes the pool open a
 * replacement at once, in the returning thread. While Redis hangs or is unreachable that costs a
 * second connect and handshake timeout on top of the one the command already paid, so a single cache
 * call could take two timeouts. Here the caller pays one at most.
 *
 * <p>The releasing queue needs no bound: every connection in it still holds one of the pool's slots,
 * so there are never more than the pool's size. Thread-safe.
 */
final class BrokenConnectionReleasingExecutor implements CommandExecutor {

  private final PooledConnectionProvider provider;
  private final ThreadPoolExecutor releaser;

  BrokenConnectionReleasingExecutor(PooledConnectionProvider provider) {
    this.provider = provider;
    this.releaser =
        new ThreadPoolExecutor(
            1,
            1,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "lightcache-redis-release");
              thread.setDaemon(true);
              return thread;
            });
    releaser.allowCoreThreadTimeOut(true);
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    Connection connection = provider.getConnection(command.getArguments());
    try {
      return connection.executeCommand(command);
    } finally {
      release(connection);
    }
  }

  private void release(Connection connection) {
    if (!connection.isBroken()) {
      connection.close(); // back to the pool: no I/O
      return;
    }
    try {
      releaser.execute(new Release(connection));
    } catch (RejectedExecutionException e) {
      connection.disconnect(); // shutting down: the pool is being closed anyway
    }
  }

  @Override
  public void close() {
    for (Runnable pending : releaser.shutdownNow()) {
      ((Release) pending).connection.disconnect(); // no replacement: the pool closes next
    }
    provider.close();
  }

  /** Returns one broken connection to its pool, which destroys it and tries to open a replacement. */
  private static final class Release implements Runnable {
    final Connection connection;

    Release(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      try {
        connection.close();
      } catch (RuntimeException e) {
        // The replacement could not be opened: the next borrower opens one when it needs it.
      }
    }
  }
}
