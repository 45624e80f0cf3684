package dev.lightcache.benchmarks.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away {@code redis-server} on a free loopback port, without persistence, pinned with {@code
 * taskset} to the CPU in {@code LIGHTCACHE_BENCH_REDIS_CPU} (default: the machine's last online CPU)
 * where {@code taskset} exists, so that it does not compete with the benchmark thread (which {@code
 * run.sh} pins to CPU 0).
 */
final class RedisServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
    // A fork whose set-up fails after the start never runs its tear-down: the JVM's exit stops it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "redis-server-killer"));
  }

  static RedisServer start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    List<String> command = pinned(List.of(
        "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + command);
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new RedisServer(process, port);
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("redis-server did not listen on port " + port + " within 10 s");
  }

  int port() {
    return port;
  }

  /**
   * {@code command} prefixed with {@code taskset -c <cpu>} where {@code taskset} exists: the CPU in
   * {@code LIGHTCACHE_BENCH_REDIS_CPU}, by default the machine's last online CPU.
   */
  static List<String> pinned(List<String> command) {
    List<String> pinned = new ArrayList<>();
    if (onPath("taskset")) {
      String cpu = System.getenv("LIGHTCACHE_BENCH_REDIS_CPU");
      if (cpu == null || cpu.isBlank()) {
        cpu = Integer.toString(lastOnlineCpu());
      }
      pinned.addAll(List.of("taskset", "-c", cpu.trim()));
    }
    pinned.addAll(command);
    return pinned;
  }

  /**
   * The machine's last online CPU, from {@code /sys/devices/system/cpu/online} (such as {@code 0-1}).
   * Not {@code availableProcessors() - 1}: under {@code run.sh} this JVM is pinned to CPU 0, where
   * {@code availableProcessors()} is 1, and Redis would share JMH's CPU.
   */
  private static int lastOnlineCpu() {
    try {
      String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
      String last = online.substring(Math.max(online.lastIndexOf(','), online.lastIndexOf('-')) + 1);
      return Integer.parseInt(last.trim());
    } catch (IOException | RuntimeException e) {
      return Runtime.getRuntime().availableProcessors() - 1;
    }
  }

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
