package dev.lightcache.runtime.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} that listens only on a TLS port of the loopback address, for {@link
 * RedisTlsTest}: {@code --port 0 --tls-port PORT} with the given certificate, key and CA, and {@code
 * --tls-auth-clients yes} for mutual TLS. Nothing is persisted. Started on a free port, ready when the
 * port accepts connections; {@link #close()} kills it (a shutdown hook does too if the JVM exits
 * first).
 *
 * <p>Self-contained on purpose: {@link RedisServerExtension} starts plain servers only, and its
 * internals are being reworked.
 */
final class TlsRedisServer implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;

  private TlsRedisServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, "tls-redis-server-killer");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a server.
   *
   * @param redisServer the {@code redis-server} binary (see {@link #requireTool})
   * @param directory where the server's working files and log go
   * @param cert the server's certificate (PEM)
   * @param key its private key (PEM)
   * @param ca the CA that signs client certificates (PEM)
   * @param authClients whether clients must present a certificate signed by {@code ca}
   * @return the running server
   * @throws IOException if it does not start
   */
  static TlsRedisServer start(
      Path redisServer, Path directory, Path cert, Path key, Path ca, boolean authClients)
      throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = RedisProcesses.freePort();
      Path log = directory.resolve("redis-tls-" + port + ".log");
      List<String> command =
          List.of(
              redisServer.toString(),
              "--port", "0",
              "--tls-port", String.valueOf(port),
              "--tls-cert-file", cert.toString(),
              "--tls-key-file", key.toString(),
              "--tls-ca-cert-file", ca.toString(),
              "--tls-auth-clients", authClients ? "yes" : "no",
              "--bind", HOST,
              "--save", "",
              "--appendonly", "no",
              "--daemonize", "no",
              "--dir", directory.toString(),
              "--logfile", "");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      try {
        awaitListening(process, port, log);
        return new TlsRedisServer(process, port, log);
      } catch (IOException e) {
        process.destroyForcibly();
        waitFor(process);
        last = e; // most likely another process took the port in between: try another one
      }
    }
    throw new IOException("could not start a TLS redis-server", last);
  }

  /** {@return the server's TLS port} */
  int port() {
    return port;
  }

  /** {@return {@code rediss://127.0.0.1:PORT}} */
  String url() {
    return "rediss://" + HOST + ":" + port;
  }

  /** {@return the last lines of the server's log, for failure messages} */
  String logTail() {
    return RedisProcesses.tail(log, 20);
  }

  /** {@return the length of the server's log so far, to {@link #awaitLog} what comes after it} */
  long logLength() {
    try {
      return Files.size(log);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Waits (at most 5 s) until the server's log, after its first {@code from} bytes, has a line
   * containing {@code text}, such as the reason it refused a TLS handshake; fails if it does not.
   *
   * @param from a {@link #logLength()} taken before
   * @param text the text to wait for
   */
  void awaitLog(long from, String text) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try {
        byte[] bytes = Files.readAllBytes(log);
        int start = (int) Math.min(from, bytes.length);
        if (new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).contains(text)) {
          return;
        }
      } catch (IOException e) {
        // not written yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the log of " + this + " never said \"" + text + "\":\n" + RedisProcesses.tail(log, 20));
      }
      RedisProcesses.sleep(20);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    waitFor(process);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already: the hook runs anyway.
    }
  }

  /**
   * Finds a tool the TLS tests need: on the {@code PATH}, else in {@code /usr/bin}. When it is missing
   * the test is skipped, except under CI ({@code CI=true}), where it fails: CI must run these tests.
   *
   * @param name the executable's name, such as {@code redis-server} or {@code openssl}
   * @return its path
   */
  static Path requireTool(String name) {
    return RedisProcesses.requireBinary(
        name,
        "Install it (Debian/Ubuntu: apt-get install redis-server openssl; macOS: brew install redis"
            + " openssl).");
  }

  /**
   * Waits until the port accepts a TCP connection. (A TLS handshake is not needed: the server opens
   * its listening sockets after it has loaded its certificates, and answers once its event loop
   * runs.)
   */
  private static void awaitListening(Process process, int port, Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "redis-server exited with " + process.exitValue() + " on TLS port " + port + ":\n"
                + RedisProcesses.tail(log, 20));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(HOST, port), 200);
        return;
      } catch (IOException e) {
        RedisProcesses.sleep(20);
      }
    }
    throw new IOException("redis-server did not listen within " + START_TIMEOUT + ":\n" + RedisProcesses.tail(log, 20));
  }

  private static void waitFor(Process process) {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server " + process.pid() + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TlsRedisServer[" + HOST + ":" + port + "]";
  }
}
