package dev.lightcache.runtime.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * {@code kill}, {@code restart}, {@code pause} and {@code resume} from the test thread.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

  /** The environment variable naming an external Redis for shared servers. */
  public static final String URL_ENVIRONMENT_VARIABLE = "LIGHTCACHE_REDIS_URL";

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final boolean ownServerRequired;
  private final @Nullable String password;
  private final boolean appendOnly;

  private @Nullable Process process;
  private @Nullable Path workDirectory;
  private @Nullable Thread shutdownHook;
  private @Nullable String externalUrl;
  private int port;
  private boolean paused;

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
    workDirectory = Files.createTempDirectory("lightcache-redis-");
    shutdownHook = new Thread(this::destroyQuietly, "redis-server-killer");
    Runtime.getRuntime().addShutdownHook(shutdownHook); // no orphan server if the JVM dies early
    startOnFreePort(binary);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    destroyQuietly();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down already: the hook runs anyway.
      }
      shutdownHook = null;
    }
    if (workDirectory != null) {
      deleteRecursively(workDirectory);
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
    Process running = process;
    if (running == null) {
      throw new IllegalStateException("the server is not running");
    }
    running.destroyForcibly();
    waitFor(running);
    process = null;
    paused = false;
  }

  /** Starts the killed server again on the same port and waits until it answers. */
  public void restart() {
    requireOwnServer("restart");
    if (process != null) {
      throw new IllegalStateException("the server is running; kill() it first");
    }
    Path binary = findRedisServer();
    IOException last = null;
    // The port was just released; retry briefly in case the kernel has not let go of it yet.
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        start(binary, port);
        return;
      } catch (IOException e) {
        last = e;
        sleep(100);
      }
    }
    throw new UncheckedIOException("redis-server did not restart on port " + port, last);
  }

  /** Freezes the server with SIGSTOP: it accepts connections but answers nothing. */
  public void pause() {
    requireOwnServer("pause");
    signal("-STOP");
    paused = true;
  }

  /** Lets a {@link #pause() paused} server run again with SIGCONT. */
  public void resume() {
    requireOwnServer("resume");
    signal("-CONT");
    paused = false;
  }

  // ---------------------------------------------------------------- internals

  private void startOnFreePort(Path binary) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int candidate = freePort();
      try {
        start(binary, candidate);
        return;
      } catch (IOException e) {
        last = e; // most likely another process took the port in between: try another one
      }
    }
    throw new IOException("could not start redis-server", last);
  }

  private void start(Path binary, int candidatePort) throws IOException {
    Path directory = workDirectory;
    if (directory == null) {
      throw new IllegalStateException("not started");
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
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
    Path log = directory.resolve("redis-" + candidatePort + ".log");
    Process started =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IOException(
            "redis-server exited with " + started.exitValue() + " on port " + candidatePort + ":\n"
                + tail(log));
      }
      if (answers(candidatePort)) {
        process = started;
        port = candidatePort;
        return;
      }
      sleep(20);
    }
    started.destroyForcibly();
    waitFor(started);
    throw new IOException("redis-server did not answer within " + START_TIMEOUT + ":\n" + tail(log));
  }

  /** Whether a server answers PING on the port; an error reply (NOAUTH) counts as an answer. */
  private static boolean answers(int candidatePort) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, candidatePort), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String reply = in.readLine();
      return reply != null && (reply.startsWith("+") || reply.startsWith("-"));
    } catch (IOException e) {
      return false;
    }
  }

  private static Path findRedisServer() {
    Optional<Path> found = onPath("redis-server");
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        "redis-server is not on the PATH, so the Redis tests cannot run. Install it (Debian/Ubuntu:"
            + " apt-get install redis-server; macOS: brew install redis) or set "
            + URL_ENVIRONMENT_VARIABLE + " to an existing Redis for the tests that can share one.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true: " + message);
    }
    System.err.println("[lightcache] SKIPPED: " + message);
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private void signal(String signal) {
    Process running = process;
    if (running == null) {
      throw new IllegalStateException("the server is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", signal, String.valueOf(running.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + running.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void destroyQuietly() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly(); // SIGKILL works on a paused process too
      waitFor(running);
      process = null;
    }
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

  private static void waitFor(Process running) {
    try {
      if (!running.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server " + running.pid() + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (var paths = Files.walk(directory)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  @Override
  public String toString() {
    return "RedisServerExtension[" + (externalUrl != null ? RedisUrl.redact(externalUrl)
        : HOST + ":" + port + (paused ? " (paused)" : "")) + "]";
  }
}
