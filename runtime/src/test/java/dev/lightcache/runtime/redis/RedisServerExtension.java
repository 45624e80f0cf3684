package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.RedisProcesses.RedisProcess;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;

/**
 * A JUnit 5 extension that gives a test class a real Redis: a {@code redis-server} from the {@code
 * PATH}, started on a free loopback port before the class's tests and stopped after them; or, for
 * {@link #RedisServerExtension() shared} servers, the Redis named by {@code LIGHTCACHE_REDIS_URL} when
 * that is set.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();
 *
 * @Test void roundTrip() {
 *   try (DefaultRedisCache cache = new DefaultRedisCache(redis.url())) { ... }
 * }
 * }</pre>
 *
 * <p>When {@code redis-server} is missing, the class's tests are skipped with a message saying how to
 * install it, except under CI ({@code CI=true}), where a missing server fails them: CI must run them.
 *
 * <p>A server this extension started can be {@link #kill() killed} and {@link #restart() restarted}
 * on the same port, or {@link #pause() frozen} and {@link #resume() resumed}, to test outages. The
 * server is started with {@code --bind 127.0.0.1 --save "" --appendonly no}: nothing is persisted, so
 * a restarted server is empty; except for {@link #privateServerWithAppendOnlyFile()}.
 *
 * <p>Register it in a {@code static} field with {@code @RegisterExtension}. Not thread-safe: call
 * {@code kill}, {@code restart}, {@code pause} and {@code resume} from the test thread. The process
 * handling is {@link RedisProcesses}'s, shared with {@link RedisClusterExtension} and {@link
 * RedisSentinelExtension}; its shutdown hook kills the server if the JVM exits before {@code afterAll}.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

  /** The environment variable naming an external Redis for shared servers. */
  public static final String URL_ENVIRONMENT_VARIABLE = "LIGHTCACHE_REDIS_URL";

  private static final String HOST = RedisProcesses.HOST;

  private final boolean ownServerRequired;
  private final @Nullable String password;
  private final boolean appendOnly;

  private @Nullable RedisProcess server;
  private @Nullable Path workDirectory;
  private @Nullable String externalUrl;
  private int port;

  /**
   * A shared server: the Redis at {@code LIGHTCACHE_REDIS_URL} when set, else a {@code redis-server}
   * started for the test class. Tests on a shared server use their own key prefixes.
   */
  public RedisServerExtension() {
    this(false, null);
  }

  private RedisServerExtension(boolean ownServerRequired, @Nullable String password) {
    this(ownServerRequired, password, false);
  }

  private RedisServerExtension(
      boolean ownServerRequired, @Nullable String password, boolean appendOnly) {
    this.ownServerRequired = ownServerRequired;
    this.password = password;
    this.appendOnly = appendOnly;
  }

  /**
   * A {@code redis-server} started for the test class even when {@code LIGHTCACHE_REDIS_URL} is set:
   * for tests that kill, restart or pause it.
   *
   * @return a new extension
   */
  public static RedisServerExtension privateServer() {
    return new RedisServerExtension(true, null);
  }

  /**
   * A {@code redis-server} started for the test class that keeps its data across {@link #kill()} and
   * {@link #restart()}: {@code --appendonly yes --appendfsync always}, as a production server with
   * persistence would. For outages in which a command cannot reach Redis at all (refused
   * connections) and the entries it meant to remove are still there when Redis comes back.
   *
   * @return a new extension
   */
  public static RedisServerExtension privateServerWithAppendOnlyFile() {
    return new RedisServerExtension(true, null, true);
  }

  /**
   * A {@code redis-server} started for the test class with {@code --requirepass password}.
   *
   * @param password the password clients must send with {@code AUTH}
   * @return a new extension
   */
  public static RedisServerExtension withPassword(String password) {
    return new RedisServerExtension(true, password);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    String url = System.getenv(URL_ENVIRONMENT_VARIABLE);
    if (!ownServerRequired && url != null && !url.isBlank()) {
      externalUrl = url.trim();
      port = RedisUrl.parse(externalUrl).port();
      return;
    }
    Path binary = findRedisServer();
    Path directory = RedisProcesses.temporaryDirectory("lightcache-redis-");
    workDirectory = directory;
    RedisProcess started =
        RedisProcesses.startOnFreePort("redis-server", binary, directory, this::arguments);
    server = started;
    port = started.port();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    RedisProcess running = server;
    if (running != null) {
      running.stopQuietly();
      server = null;
    }
    if (workDirectory != null) {
      RedisProcesses.deleteRecursively(workDirectory);
      workDirectory = null;
    }
  }

  // ---------------------------------------------------------------- accessors

  /**
   * The URL of the server, with the password if there is one: {@code redis://127.0.0.1:PORT} or
   * {@code redis://:PASSWORD@127.0.0.1:PORT}, or {@code LIGHTCACHE_REDIS_URL}.
   *
   * @return the URL
   */
  public String url() {
    if (externalUrl != null) {
      return externalUrl;
    }
    requireStarted();
    return "redis://" + (password == null ? "" : ":" + encode(password) + "@") + HOST + ":" + port;
  }

  /**
   * The URL of one logical database of the server.
   *
   * @param database the database number
   * @return the URL ending in {@code /database}
   */
  public String url(int database) {
    RedisUrl parsed = RedisUrl.parse(url());
    String credentials =
        parsed.password() == null
            ? ""
            : (parsed.user() == null ? "" : encode(parsed.user())) + ":" + encode(parsed.password())
                + "@";
    String host = parsed.host().indexOf(':') >= 0 ? "[" + parsed.host() + "]" : parsed.host();
    return (parsed.tls() ? "rediss://" : "redis://") + credentials + host + ":" + parsed.port() + "/"
        + database;
  }

  /**
   * The server's host.
   *
   * @return {@code 127.0.0.1}, or the host of {@code LIGHTCACHE_REDIS_URL}
   */
  public String host() {
    return externalUrl != null ? RedisUrl.parse(externalUrl).host() : HOST;
  }

  /**
   * The server's port.
   *
   * @return the port
   */
  public int port() {
    requireStarted();
    return port;
  }

  /**
   * The password the server requires.
   *
   * @return the password, or {@code null} if it requires none
   */
  public @Nullable String password() {
    return externalUrl != null ? RedisUrl.parse(externalUrl).password() : password;
  }

  /**
   * Whether this extension started the server (and so can kill, restart, pause and resume it).
   *
   * @return {@code false} when it uses {@code LIGHTCACHE_REDIS_URL}
   */
  public boolean isOwnServer() {
    return externalUrl == null;
  }

  /**
   * A new pooled client of the server (database of the URL), for tests that inspect Redis directly.
   * The caller closes it.
   *
   * @return a new client
   */
  public RedisClient newClient() {
    RedisUrl parsed = RedisUrl.parse(url());
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .database(parsed.database())
            .connectionTimeoutMillis(2000)
            .socketTimeoutMillis(2000);
    if (parsed.password() != null) {
      config.user(parsed.user()).password(parsed.password());
    }
    if (parsed.tls()) {
      config.sslOptions(SslOptions.defaults());
    }
    return RedisClient.builder()
        .hostAndPort(parsed.host(), parsed.port())
        .clientConfig(config.build())
        .build();
  }

  // ---------------------------------------------------------------- outages

  /** Kills the server with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() {
    requireOwnServer("kill");
    ownProcess().kill();
  }

  /** Starts the killed server again on the same port and waits until it answers. */
  public void restart() {
    requireOwnServer("restart");
    findRedisServer();
    ownProcess().restart();
  }

  /** Freezes the server with SIGSTOP: it accepts connections but answers nothing. */
  public void pause() {
    requireOwnServer("pause");
    ownProcess().pause();
  }

  /** Lets a {@link #pause() paused} server run again with SIGCONT. */
  public void resume() {
    requireOwnServer("resume");
    ownProcess().resume();
  }

  // ---------------------------------------------------------------- internals

  private List<String> arguments(int candidatePort) {
    Path directory = workDirectory;
    if (directory == null) {
      throw new IllegalStateException("not started");
    }
    List<String> command = new ArrayList<>();
    command.addAll(List.of("--port", String.valueOf(candidatePort), "--bind", HOST));
    command.addAll(List.of("--save", "", "--daemonize", "no"));
    command.addAll(
        appendOnly
            ? List.of("--appendonly", "yes", "--appendfsync", "always")
            : List.of("--appendonly", "no"));
    command.addAll(List.of("--dir", directory.toString(), "--logfile", ""));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    return command;
  }

  private static Path findRedisServer() {
    return RedisProcesses.requireBinary(
        "redis-server",
        "Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set "
            + URL_ENVIRONMENT_VARIABLE + " to an existing Redis for the tests that can share one.");
  }

  private RedisProcess ownProcess() {
    RedisProcess running = server;
    if (running == null) {
      throw new IllegalStateException("the server is not running");
    }
    return running;
  }

  private void requireStarted() {
    if (externalUrl == null && port == 0) {
      throw new IllegalStateException(
          "the server is not started: register the extension with @RegisterExtension in a static field");
    }
  }

  private void requireOwnServer(String action) {
    Assumptions.assumeTrue(
        externalUrl == null,
        () -> "cannot " + action + " the external Redis of " + URL_ENVIRONMENT_VARIABLE
            + "; use RedisServerExtension.privateServer()");
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "RedisServerExtension[" + (externalUrl != null ? RedisUrl.redact(externalUrl)
        : HOST + ":" + port + (server != null && server.isPaused() ? " (paused)" : "")) + "]";
  }
}
