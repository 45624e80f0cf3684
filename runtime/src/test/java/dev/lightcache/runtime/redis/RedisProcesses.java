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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Process handling shared by the test extensions that start real Redis processes ({@link
 * RedisServerExtension}, {@link RedisClusterExtension}, {@link RedisSentinelExtension}): finding the
 * binaries on the {@code PATH}, picking free loopback ports, starting a {@code redis-server} with its
 * output in a log file and waiting until it answers {@code PING}, freezing it (SIGSTOP), letting it run
 * again (SIGCONT), killing it (SIGKILL), and deleting temporary directories.
 *
 * <p>Every process started here is registered with one JVM shutdown hook that kills it (and deletes
 * the temporary directories made here), so no Redis outlives the test JVM even when {@code afterAll}
 * never runs (a JVM killed with SIGKILL runs no hook, though). Not thread-safe per {@link RedisProcess}: drive one from one thread at a time.
 */
public final class RedisProcesses {

  /** The loopback address every process binds to. */
  public static final String HOST = "127.0.0.1";

  /** How long a process may take to answer {@code PING} after it was started. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private static final String TOPOLOGY_INSTALL_ADVICE =
      "Run .ci/run, or install Redis (Debian/Ubuntu: apt-get install redis-server redis-tools;"
          + " macOS: brew install redis).";

  /**
   * The system property that keeps the temporary directories (with each process's log, and the
   * sentinels' rewritten configuration) of the cluster and Sentinel extensions for a post-mortem:
   * {@code -Dlightcache.redis.keepLogs=true}.
   */
  public static final String KEEP_LOGS_PROPERTY = "lightcache.redis.keepLogs";

  /** The processes that are running, for the shutdown hook. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  /** The temporary directories not deleted yet, for the shutdown hook. */
  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(RedisProcesses::killAllQuietly, "redis-process-killer"));
  }

  private RedisProcesses() {}

  // ---------------------------------------------------------------- binaries

  /**
   * Finds a binary on the {@code PATH}, or skips the calling test class ({@link Assumptions}) with a
   * message saying how to install it; under CI ({@code CI=true}) a missing binary fails instead: CI
   * must run these tests.
   *
   * @param name the binary, such as {@code redis-server}
   * @param advice what to do about it, for the message
   * @return its path
   */
  public static Path requireBinary(String name, String advice) {
    Optional<Path> found = onPath(name);
    if (found.isPresent()) {
      return found.get();
    }
    String message = name + " is not on the PATH, so the Redis tests cannot run. " + advice;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true: " + message);
    }
    System.err.println("[lightcache] SKIPPED: " + message);
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  /**
   * {@code redis-server}, for the cluster and Sentinel extensions.
   *
   * @return its path
   */
  static Path redisServerForTopologies() {
    return requireBinary("redis-server", TOPOLOGY_INSTALL_ADVICE);
  }

  /**
   * {@code redis-cli}, for the cluster extension.
   *
   * @return its path
   */
  static Path redisCliForTopologies() {
    return requireBinary("redis-cli", TOPOLOGY_INSTALL_ADVICE);
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

  // ---------------------------------------------------------------- ports, files

  /**
   * A loopback port that nothing listens on right now. Another process may take it before the
   * caller binds it: callers retry with another port when a start fails.
   *
   * @return the port
   * @throws IOException if no port can be had
   */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /**
   * A free port other than {@code taken}.
   *
   * @param taken a port chosen already
   * @return the port
   * @throws IOException if no port can be had
   */
  static int freePortOtherThan(int taken) throws IOException {
    for (int attempt = 0; attempt < 10; attempt++) {
      int candidate = freePort();
      if (candidate != taken) {
        return candidate;
      }
    }
    throw new IOException("no free port other than " + taken);
  }

  /**
   * Creates a temporary directory.
   *
   * @param prefix the start of its name
   * @return the directory
   */
  public static Path temporaryDirectory(String prefix) {
    try {
      Path directory = Files.createTempDirectory(prefix);
      DIRECTORIES.add(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes a temporary directory of an extension, or keeps it and says where it is when {@value
   * #KEEP_LOGS_PROPERTY} is {@code true}.
   *
   * @param directory the directory
   * @param owner what it belonged to, for the message
   */
  static void deleteUnlessKept(Path directory, String owner) {
    if (Boolean.getBoolean(KEEP_LOGS_PROPERTY)) {
      DIRECTORIES.remove(directory);
      System.out.println("[lightcache] kept the logs of " + owner + " in " + directory);
    } else {
      deleteRecursively(directory);
    }
  }

  /**
   * Deletes a directory and everything in it, quietly.
   *
   * @param directory the directory
   */
  public static void deleteRecursively(Path directory) {
    DIRECTORIES.remove(directory);
    try (var paths = Files.walk(directory)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  /**
   * The last lines of a log file.
   *
   * @param log the file
   * @param lines how many
   * @return the lines, or a note saying why there are none
   */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  // ---------------------------------------------------------------- talking to a server

  /**
   * Whether a server answers {@code PING} on the port; an error reply (such as {@code NOAUTH})
   * counts as an answer. Uses a raw socket, so it works before any client is set up.
   *
   * @param port the port
   * @return whether something answered like Redis
   */
  public static boolean answersPing(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String reply = in.readLine();
      return reply != null && (reply.startsWith("+") || reply.startsWith("-"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A new plain connection to one node, with short timeouts, for administrative commands. The
   * caller closes it.
   *
   * @param node the node
   * @return the connection
   */
  static Jedis admin(HostAndPort node) {
    return new Jedis(
        node,
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(500)
            .socketTimeoutMillis(2000)
            .build());
  }

  /**
   * Polls a condition every 50 ms until it holds; an exception thrown by it counts as "not yet".
   *
   * @param what what is awaited, for the message
   * @param timeout how long to wait
   * @param condition the condition
   * @param diagnostics what to add to the message when the time is up (logs, the last state seen)
   * @throws IllegalStateException when the time is up
   */
  public static void await(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        IllegalStateException failure =
            new IllegalStateException(
                "timed out after " + timeout + " waiting until " + what + "\n"
                    + diagnostics.get());
        if (last != null) {
          failure.addSuppressed(last);
        }
        throw failure;
      }
      sleep(50);
    }
  }

  /**
   * Sleeps, turning an interruption into an exception (with the interrupt flag set again).
   *
   * @param millis how long
   */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- processes

  private static void killAllQuietly() {
    for (Process process : LIVE) {
      process.destroyForcibly(); // SIGKILL works on a paused process too
    }
    for (Process process : LIVE) {
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (Path directory : DIRECTORIES) {
      deleteRecursively(directory);
    }
  }

  /**
   * Starts a {@code redis-server} on a free port, trying other ports when one is taken in between.
   *
   * @param name what the process is, for messages ("cluster node 3", "sentinel 1")
   * @param binary the {@code redis-server} binary
   * @param directory the process's working directory (its log file goes there too)
   * @param arguments the arguments after the binary for a given port; called again for each port
   *     tried, so it may write a configuration file naming the port
   * @return the started process, answering {@code PING}
   * @throws IOException if no port worked
   */
  public static RedisProcess startOnFreePort(
      String name, Path binary, Path directory, IntFunction<List<String>> arguments)
      throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(arguments.apply(port));
      RedisProcess process = new RedisProcess(name, directory, port, command);
      try {
        process.start(List.of());
        return process;
      } catch (IOException e) {
        last = e; // most likely another process took a port in between: try another one
      }
    }
    throw new IOException("could not start " + name, last);
  }

  /**
   * One {@code redis-server} (in any mode) started by a test on a loopback port. It can be killed
   * and restarted on the same port, and paused and resumed.
   */
  public static final class RedisProcess {

    private final String name;
    private final Path directory;
    private final int port;
    private final List<String> command;
    private final Path log;
    private @Nullable Process process;
    private boolean paused;

    private RedisProcess(String name, Path directory, int port, List<String> command) {
      this.name = name;
      this.directory = directory;
      this.port = port;
      this.command = List.copyOf(command);
      this.log = directory.resolve("redis-" + port + ".log");
    }

    /**
     * The port.
     *
     * @return the port
     */
    public int port() {
      return port;
    }

    /**
     * The address.
     *
     * @return {@code 127.0.0.1:port}
     */
    public HostAndPort address() {
      return new HostAndPort(HOST, port);
    }

    /**
     * The working directory.
     *
     * @return the directory
     */
    public Path directory() {
      return directory;
    }

    /**
     * The log file (the process's standard output and error, appended to across restarts).
     *
     * @return the file
     */
    public Path log() {
      return log;
    }

    /**
     * Whether the process runs (it may be paused).
     *
     * @return {@code false} once killed or stopped
     */
    public boolean isRunning() {
      Process running = process;
      return running != null && running.isAlive();
    }

    /**
     * Whether the process is {@link #pause() paused}.
     *
     * @return whether it is paused
     */
    public boolean isPaused() {
      return paused;
    }

    /**
     * Whether the process runs and is not paused, so it can answer.
     *
     * @return whether it can answer
     */
    public boolean isAvailable() {
      return isRunning() && !paused;
    }

    /**
     * The process id.
     *
     * @return the pid
     */
    public long pid() {
      return require().pid();
    }

    /**
     * The last lines of the log.
     *
     * @return up to 30 lines
     */
    public String tail() {
      return name + " (" + HOST + ":" + port + ", log " + log + "):\n" + RedisProcesses.tail(log, 30);
    }

    /** Kills the process with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill() {
      Process running = require();
      running.destroyForcibly();
      waitFor(running);
      LIVE.remove(running);
      process = null;
      paused = false;
    }

    /** Kills the process if it runs; for cleanup. */
    public void stopQuietly() {
      Process running = process;
      if (running != null) {
        running.destroyForcibly();
        waitFor(running);
        LIVE.remove(running);
        process = null;
        paused = false;
      }
    }

    /** Starts the killed process again on the same port, with the same arguments. */
    public void restart() {
      restart(List.of());
    }

    /**
     * Starts the killed process again on the same port, with the same arguments and more; an
     * argument given again overrides the first (such as {@code --replicaof host port}).
     *
     * @param extraArguments arguments to add at the end
     */
    public void restart(List<String> extraArguments) {
      Process previous = process;
      if (previous != null && previous.isAlive()) {
        throw new IllegalStateException(name + " is running; kill() it first");
      }
      if (previous != null) { // it died on its own
        LIVE.remove(previous);
        process = null;
      }
      IOException last = null;
      // The port was just released; retry briefly in case the kernel has not let go of it yet.
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (System.nanoTime() - deadline < 0) {
        try {
          start(extraArguments);
          return;
        } catch (IOException e) {
          last = e;
          sleep(100);
        }
      }
      throw new UncheckedIOException(name + " did not restart on port " + port, last);
    }

    /** Freezes the process with SIGSTOP: it accepts connections but answers nothing. */
    public void pause() {
      signal("-STOP");
      paused = true;
    }

    /** Lets a {@link #pause() paused} process run again with SIGCONT. */
    public void resume() {
      signal("-CONT");
      paused = false;
    }

    private void start(List<String> extraArguments) throws IOException {
      List<String> full = new ArrayList<>(command);
      full.addAll(extraArguments);
      Process started =
          new ProcessBuilder(full)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      LIVE.add(started);
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (System.nanoTime() - deadline < 0) {
        if (!started.isAlive()) {
          LIVE.remove(started);
          throw new IOException(
              name + " exited with " + started.exitValue() + " on port " + port + ":\n"
                  + RedisProcesses.tail(log, 20));
        }
        if (answersPing(port)) {
          process = started;
          paused = false;
          return;
        }
        sleep(20);
      }
      started.destroyForcibly();
      waitFor(started);
      LIVE.remove(started);
      throw new IOException(
          name + " did not answer within " + START_TIMEOUT + ":\n" + RedisProcesses.tail(log, 20));
    }

    private Process require() {
      Process running = process;
      if (running == null) {
        throw new IllegalStateException(name + " is not running");
      }
      return running;
    }

    private void signal(String signal) {
      Process running = require();
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

    private static void waitFor(Process running) {
      try {
        if (!running.waitFor(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("redis-server " + running.pid() + " did not exit");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return name + "[" + HOST + ":" + port
          + (process == null ? " (killed)" : paused ? " (paused)" : "") + "]";
    }
  }
}
