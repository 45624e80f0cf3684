package dev.lightcache.benchmarks.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A throw-away Redis Cluster of {@value #PRIMARIES} primaries without replicas: {@value #PRIMARIES}
 * {@code redis-server --cluster-enabled yes} on free loopback ports (and free cluster-bus ports),
 * without persistence, each in a temporary directory of its own (its {@code nodes.conf} and log),
 * joined by {@code redis-cli --cluster create ... --cluster-yes}, ready once every node says {@code
 * cluster_state:ok} and knows the {@value #PRIMARIES} primaries. Pinned like {@link RedisServer} (all
 * nodes on the same CPU, away from JMH's). Starting one takes a few seconds. {@link #close()} stops
 * the nodes and deletes the directories; a JVM shutdown hook stops them if the JVM exits first.
 */
final class RedisClusterServer implements AutoCloseable {

  /** The number of primaries (and nodes: there are no replicas). */
  static final int PRIMARIES = 3;

  private static final String HOST = "127.0.0.1";
  private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Path directory;
  private final List<Process> processes;
  private final List<Integer> ports;
  private final Thread killer;

  private RedisClusterServer(Path directory, List<Process> processes, List<Integer> ports) {
    this.directory = directory;
    this.processes = processes;
    this.ports = ports;
    this.killer = new Thread(this::stop, "redis-cluster-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  static RedisClusterServer start() throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("lightcache-bench-cluster-");
    List<Process> processes = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      List<Integer> free = freePorts(2 * PRIMARIES);
      for (int i = 0; i < PRIMARIES; i++) {
        int port = free.get(2 * i);
        int busPort = free.get(2 * i + 1);
        Path node = Files.createDirectories(directory.resolve("node-" + (i + 1)));
        List<String> command = RedisServer.pinned(List.of(
            "redis-server", "--port", Integer.toString(port), "--cluster-port", Integer.toString(busPort),
            "--bind", HOST, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--dir", node.toString(), "--loglevel", "warning"));
        processes.add(new ProcessBuilder(command)
            .directory(node.toFile())
            .redirectErrorStream(true)
            .redirectOutput(node.resolve("redis.log").toFile())
            .start());
        ports.add(port);
      }
      for (int i = 0; i < PRIMARIES; i++) {
        awaitPing(processes.get(i), ports.get(i), directory);
      }
      create(ports, directory);
      awaitReady(ports, directory);
      return new RedisClusterServer(directory, processes, ports);
    } catch (IOException | InterruptedException | RuntimeException e) {
      processes.forEach(RedisClusterServer::destroy);
      deleteQuietly(directory);
      throw e;
    }
  }

  /** The cache URL naming every node as a seed: {@code redis-cluster://127.0.0.1:P1,...}. */
  String url() {
    return "redis-cluster://" + ports.stream().map(p -> HOST + ":" + p).collect(Collectors.joining(","));
  }

  /** The nodes, all primaries. */
  List<HostAndPort> nodes() {
    return ports.stream().map(p -> new HostAndPort(HOST, p)).toList();
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private synchronized void stop() {
    processes.forEach(RedisClusterServer::destroy);
    deleteQuietly(directory);
  }

  // ---------------------------------------------------------------- start-up

  private static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) { // all open at once: distinct ports
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private static void awaitPing(Process process, int port, Path directory)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "cluster node on port " + port + " exited with " + process.exitValue() + "\n" + logs(directory));
      }
      try (Jedis jedis = new Jedis(HOST, port)) {
        if ("PONG".equals(jedis.ping())) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("cluster node on port " + port + " did not answer PING within 10 s");
  }

  private static void create(List<Integer> ports, Path directory) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    ports.forEach(p -> command.add(HOST + ":" + p));
    command.add("--cluster-yes"); // no --cluster-replicas: primaries only
    Path log = directory.resolve("cluster-create.log");
    Process create = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    if (!create.waitFor(60, TimeUnit.SECONDS)) {
      create.destroyForcibly();
      throw new IllegalStateException("redis-cli --cluster create did not finish in 60 s:\n" + Files.readString(log));
    }
    if (create.exitValue() != 0) {
      throw new IllegalStateException("redis-cli --cluster create exited with " + create.exitValue() + ": "
          + String.join(" ", command) + "\n" + Files.readString(log));
    }
  }

  /** Every node says {@code cluster_state:ok}, knows every node and sees them all as primaries with slots. */
  private static void awaitReady(List<Integer> ports, Path directory) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
    String last = "";
    while (System.nanoTime() < deadline) {
      boolean ready = true;
      for (int port : ports) {
        try (Jedis jedis = new Jedis(HOST, port)) {
          String info = jedis.clusterInfo();
          last = port + ": " + info;
          if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + PRIMARIES)
              || !info.contains("cluster_size:" + PRIMARIES)) {
            ready = false;
            break;
          }
          Set<Integer> primaries = new HashSet<>();
          for (String line : jedis.clusterNodes().split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 8 && fields[2].contains("master")) {
              String address = fields[1]; // ip:port@busport[,hostname]
              String hostPort = address.substring(0, address.indexOf('@'));
              primaries.add(Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
            }
          }
          if (!primaries.equals(new HashSet<>(ports))) {
            ready = false;
            break;
          }
        } catch (RuntimeException notYet) {
          ready = false;
          last = port + ": " + notYet;
          break;
        }
      }
      if (ready) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the cluster was not ready within 30 s; last seen " + last + "\n" + logs(directory));
  }

  // ---------------------------------------------------------------- clean-up

  private static void destroy(Process process) {
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

  private static String logs(Path directory) {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        out.append("--- ").append(file).append('\n')
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())))
            .append('\n');
      }
    } catch (IOException | RuntimeException e) {
      out.append("(logs unreadable: ").append(e).append(")");
    }
    return out.toString();
  }

  private static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | RuntimeException e) {
      // a temporary directory left behind
    }
  }
}
