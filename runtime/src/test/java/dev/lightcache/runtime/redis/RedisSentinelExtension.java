package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.RedisProcesses.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisSentinelClient;

/**
 * A JUnit 5 extension that gives a test class a real Redis Sentinel setup: a primary, one replica
 * of it, and three sentinels monitoring it as {@value #MASTER_NAME} with a quorum of 2, all {@code
 * redis-server} processes on free loopback ports. It is ready when every sentinel knows the
 * primary, the replica (in sync) and the two other sentinels.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisSentinelExtension sentinel = new RedisSentinelExtension();
 *
 * @Test void failover() {
 *   try (RedisSentinelClient client = sentinel.newClient()) {
 *     HostAndPort old = sentinel.killPrimary();
 *     sentinel.awaitNewPrimary(old, Duration.ofSeconds(30));
 *     client.set("k", "v"); // may need a retry while the client switches
 *   } finally {
 *     sentinel.restartKilled();
 *   }
 * }
 * }</pre>
 *
 * <p>The sentinels run with {@code down-after-milliseconds 1000}, {@code failover-timeout 5000}
 * and {@code parallel-syncs 1}. Each writes its own {@code sentinel.conf} in a temporary directory
 * (Sentinel rewrites it). The data nodes run with {@code --repl-diskless-sync-delay 0} so a replica
 * syncs at once. Nothing is persisted.
 *
 * <p>One setup per test class: starting it takes about 2 to 3 s. A test that kills the primary calls
 * {@link #restartKilled()} afterwards, which starts the dead node again on its port as a replica of
 * the new primary, so the next test has a primary and a replica again (with their roles swapped).
 * The processes are killed in {@code afterAll}, and by a JVM shutdown hook if the JVM exits first.
 *
 * <p>When {@code redis-server} is missing, the class's tests are skipped with a message saying how
 * to install it; under CI ({@code CI=true}) they fail instead. Not thread-safe: drive it from the test
 * thread.
 */
public final class RedisSentinelExtension implements BeforeAllCallback, AfterAllCallback {

  /** The name the sentinels monitor the primary under. */
  public static final String MASTER_NAME = "mymaster";

  private static final String HOST = RedisProcesses.HOST;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final int SENTINEL_COUNT = 3;

  /** The primary and the replica, in the order they were first started (not by role). */
  private final List<RedisProcess> dataNodes = new ArrayList<>();
  private final List<RedisProcess> sentinels = new ArrayList<>();

  private @Nullable Path workDirectory;
  private @Nullable Path serverBinary;
  private @Nullable Class<?> owner;

  /** A setup started before the test class's tests and stopped after them. */
  public RedisSentinelExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (owner != null) {
      return; // a @Nested class: it shares the enclosing class's setup
    }
    serverBinary = RedisProcesses.redisServerForTopologies();
    owner = context.getRequiredTestClass();
    workDirectory = RedisProcesses.temporaryDirectory("lightcache-redis-sentinel-");
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (owner == null || owner != context.getRequiredTestClass()) {
      return;
    }
    for (RedisProcess process : sentinels) {
      process.stopQuietly();
    }
    for (RedisProcess process : dataNodes) {
      process.stopQuietly();
    }
    sentinels.clear();
    dataNodes.clear();
    if (workDirectory != null) {
      RedisProcesses.deleteUnlessKept(workDirectory, "the Redis Sentinel setup");
      workDirectory = null;
    }
    owner = null;
  }

  // ---------------------------------------------------------------- accessors

  /**
   * The URL of the setup: {@code redis-sentinel://127.0.0.1:S1,127.0.0.1:S2,127.0.0.1:S3#mymaster}.
   *
   * @return the URL
   */
  public String url() {
    requireStarted();
    return "redis-sentinel://"
        + sentinels.stream().map(s -> HOST + ":" + s.port()).collect(Collectors.joining(","))
        + "#" + MASTER_NAME;
  }

  /**
   * The name the sentinels monitor the primary under.
   *
   * @return {@value #MASTER_NAME}
   */
  public String masterName() {
    return MASTER_NAME;
  }

  /**
   * The sentinels.
   *
   * @return their three addresses
   */
  public List<HostAndPort> sentinels() {
    requireStarted();
    return sentinels.stream().map(RedisProcess::address).toList();
  }

  /**
   * The primary and the replica, in the order they were first started (not by role).
   *
   * @return their two addresses
   */
  public List<HostAndPort> dataNodes() {
    requireStarted();
    return dataNodes.stream().map(RedisProcess::address).toList();
  }

  /**
   * The primary, as the first sentinel that answers says ({@code SENTINEL
   * GET-MASTER-ADDR-BY-NAME}).
   *
   * @return its address
   */
  public HostAndPort currentPrimary() {
    requireStarted();
    RuntimeException last = null;
    for (RedisProcess sentinel : sentinels) {
      if (!sentinel.isAvailable()) {
        continue;
      }
      try (Jedis jedis = RedisProcesses.admin(sentinel.address())) {
        return primaryOf(jedis);
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no sentinel answers", last);
  }

  /**
   * A new client that finds the primary through the sentinels, with 1 s connect and socket timeouts
   * (to the sentinels too). The caller closes it.
   *
   * @return a new client
   */
  public RedisSentinelClient newClient() {
    requireStarted();
    JedisClientConfig config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(1000)
            .socketTimeoutMillis(1000)
            .build();
    Set<HostAndPort> addresses =
        sentinels.stream()
            .map(RedisProcess::address)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    return RedisSentinelClient.builder()
        .masterName(MASTER_NAME)
        .sentinels(addresses)
        .clientConfig(config)
        .sentinelClientConfig(config)
        .build();
  }

  // ---------------------------------------------------------------- outages

  /**
   * Kills the {@link #currentPrimary() primary} with SIGKILL, as a crash would, and waits until it
   * is gone.
   *
   * @return the address of the killed primary
   */
  public HostAndPort killPrimary() {
    HostAndPort primary = currentPrimary();
    process(primary).kill();
    return primary;
  }

  /**
   * Waits until the sentinels have failed over from a primary: every sentinel that runs and is not
   * paused names the same other node as primary and has no failover under way, and that node says
   * {@code role master}.
   *
   * @param oldPrimary the primary that was killed or paused
   * @param timeout how long to wait
   * @return the new primary
   * @throws IllegalStateException when the time is up
   */
  public HostAndPort awaitNewPrimary(HostAndPort oldPrimary, Duration timeout) {
    HostAndPort[] promoted = new HostAndPort[1];
    RedisProcesses.await(
        "the sentinels fail over from " + oldPrimary,
        timeout,
        () -> {
          HostAndPort agreed = null;
          for (RedisProcess sentinel : sentinels) {
            if (!sentinel.isAvailable()) {
              continue;
            }
            try (Jedis jedis = RedisProcesses.admin(sentinel.address())) {
              HostAndPort named = primaryOf(jedis);
              if (named.equals(oldPrimary) || (agreed != null && !agreed.equals(named))) {
                return false;
              }
              agreed = named;
              if (!"master".equals(jedis.sentinelMaster(MASTER_NAME).get("flags"))) {
                return false; // still o_down, or failover_in_progress
              }
            }
          }
          if (agreed == null) {
            return false;
          }
          try (Jedis jedis = RedisProcesses.admin(agreed)) {
            if (!"master".equals(String.valueOf(jedis.role().get(0)))) {
              return false;
            }
          }
          promoted[0] = agreed;
          return true;
        },
        this::diagnostics);
    return promoted[0];
  }

  /**
   * Starts every killed data node again on its port as a replica of the current primary, and waits
   * until it is in sync and every sentinel sees it as a healthy replica, so the next test has a
   * replica again. Does nothing when none was killed.
   */
  public void restartKilled() {
    requireStarted();
    List<RedisProcess> restarted = new ArrayList<>();
    for (RedisProcess node : dataNodes) {
      if (!node.isRunning()) {
        HostAndPort primary = currentPrimary();
        node.restart(List.of("--replicaof", primary.getHost(), String.valueOf(primary.getPort())));
        restarted.add(node);
      }
    }
    if (restarted.isEmpty()) {
      return;
    }
    RedisProcesses.await(
        "the restarted nodes " + restarted + " are replicas in sync that every sentinel sees",
        READY_TIMEOUT,
        () -> {
          for (RedisProcess node : restarted) {
            try (Jedis jedis = RedisProcesses.admin(node.address())) {
              if (!jedis.info("replication").contains("master_link_status:up")) {
                return false;
              }
            }
            for (RedisProcess sentinel : sentinels) {
              if (!sentinel.isAvailable()) {
                continue;
              }
              try (Jedis jedis = RedisProcesses.admin(sentinel.address())) {
                boolean seen =
                    jedis.sentinelReplicas(MASTER_NAME).stream()
                        .anyMatch(r -> isAddress(r, node.address()) && "slave".equals(r.get("flags")));
                if (!seen) {
                  return false;
                }
              }
            }
          }
          return true;
        },
        this::diagnostics);
  }

  /**
   * Freezes a node (the primary, the replica or a sentinel) with SIGSTOP: it accepts connections but
   * answers nothing. A primary paused for longer than {@code down-after-milliseconds} (1 s) is failed
   * over; resumed, Sentinel turns it into a replica of the new primary (after some seconds).
   *
   * @param node the node
   */
  public void pause(HostAndPort node) {
    process(node).pause();
  }

  /**
   * Lets a {@link #pause paused} node run again with SIGCONT.
   *
   * @param node the node
   */
  public void resume(HostAndPort node) {
    process(node).resume();
  }

  // ---------------------------------------------------------------- internals

  private void start() throws IOException {
    Path work = requireWorkDirectory();
    Path binary = requireBinary();
    long began = System.nanoTime();
    Path primaryDirectory = Files.createDirectories(work.resolve("node-1"));
    RedisProcess primary =
        RedisProcesses.startOnFreePort(
            "data node 1 (first primary)", binary, primaryDirectory,
            port -> dataArguments(port, primaryDirectory));
    dataNodes.add(primary);
    Path replicaDirectory = Files.createDirectories(work.resolve("node-2"));
    RedisProcess replica =
        RedisProcesses.startOnFreePort(
            "data node 2 (first replica)", binary, replicaDirectory,
            port -> {
              List<String> arguments = new ArrayList<>(dataArguments(port, replicaDirectory));
              arguments.addAll(List.of("--replicaof", HOST, String.valueOf(primary.port())));
              return arguments;
            });
    dataNodes.add(replica);
    for (int i = 1; i <= SENTINEL_COUNT; i++) {
      Path directory = Files.createDirectories(work.resolve("sentinel-" + i));
      sentinels.add(
          RedisProcesses.startOnFreePort(
              "sentinel " + i, binary, directory,
              port -> sentinelArguments(port, directory, primary.port())));
    }
    awaitReady(primary.address(), replica.address());
    System.out.printf(
        "[lightcache] Redis Sentinel setup ready in %d ms: primary %d, replica %d, sentinels %s%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), primary.port(), replica.port(),
        sentinels.stream().map(s -> String.valueOf(s.port())).toList());
  }

  private static List<String> dataArguments(int port, Path directory) {
    return List.of(
        "--port", String.valueOf(port),
        "--bind", HOST,
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--repl-diskless-sync-delay", "0",
        "--dir", directory.toString(),
        "--logfile", "");
  }

  /** Writes the sentinel's configuration for the port (Sentinel rewrites it, so it is a file). */
  private static List<String> sentinelArguments(int port, Path directory, int primaryPort) {
    Path conf = directory.resolve("sentinel.conf");
    String text =
        String.join(
            "\n",
            "port " + port,
            "bind " + HOST,
            "daemonize no",
            "logfile \"\"",
            "dir " + directory,
            "sentinel resolve-hostnames no",
            "sentinel monitor " + MASTER_NAME + " " + HOST + " " + primaryPort + " 2",
            "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
            "sentinel failover-timeout " + MASTER_NAME + " 5000",
            "sentinel parallel-syncs " + MASTER_NAME + " 1",
            "");
    try {
      Files.writeString(conf, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(conf.toString(), "--sentinel");
  }

  private void awaitReady(HostAndPort primary, HostAndPort replica) {
    RedisProcesses.await(
        "every sentinel knows the primary " + primary + ", the replica " + replica
            + " (in sync) and the two other sentinels",
        READY_TIMEOUT,
        () -> {
          try (Jedis jedis = RedisProcesses.admin(replica)) {
            if (!jedis.info("replication").contains("master_link_status:up")) {
              return false;
            }
          }
          for (RedisProcess sentinel : sentinels) {
            try (Jedis jedis = RedisProcesses.admin(sentinel.address())) {
              if (!primaryOf(jedis).equals(primary)) {
                return false;
              }
              Map<String, String> master = jedis.sentinelMaster(MASTER_NAME);
              if (!"master".equals(master.get("flags"))
                  || !"1".equals(master.get("num-slaves"))
                  || !String.valueOf(SENTINEL_COUNT - 1).equals(master.get("num-other-sentinels"))) {
                return false;
              }
              List<Map<String, String>> replicas = jedis.sentinelReplicas(MASTER_NAME);
              if (replicas.size() != 1
                  || !isAddress(replicas.get(0), replica)
                  || !"slave".equals(replicas.get(0).get("flags"))
                  || !"ok".equals(replicas.get(0).get("master-link-status"))) {
                return false;
              }
              List<Map<String, String>> others = jedis.sentinelSentinels(MASTER_NAME);
              if (others.size() != SENTINEL_COUNT - 1
                  || others.stream().anyMatch(s -> !"sentinel".equals(s.get("flags")))) {
                return false;
              }
            }
          }
          return true;
        },
        this::diagnostics);
  }

  private static HostAndPort primaryOf(Jedis sentinel) {
    List<String> address = sentinel.sentinelGetMasterAddrByName(MASTER_NAME);
    if (address == null || address.size() != 2) {
      throw new IllegalStateException("the sentinel does not know " + MASTER_NAME + ": " + address);
    }
    return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
  }

  private static boolean isAddress(Map<String, String> instance, HostAndPort address) {
    return address.getHost().equals(instance.get("ip"))
        && String.valueOf(address.getPort()).equals(instance.get("port"));
  }

  private RedisProcess process(HostAndPort address) {
    requireStarted();
    for (List<RedisProcess> group : List.of(dataNodes, sentinels)) {
      for (RedisProcess process : group) {
        if (process.address().equals(address)) {
          return process;
        }
      }
    }
    throw new IllegalArgumentException(
        address + " is not a node of this setup: " + dataNodes + " " + sentinels);
  }

  private String diagnostics() {
    StringBuilder out = new StringBuilder();
    for (RedisProcess sentinel : sentinels) {
      out.append("--- ").append(sentinel).append('\n');
      if (sentinel.isAvailable()) {
        try (Jedis jedis = RedisProcesses.admin(sentinel.address())) {
          out.append("master: ").append(jedis.sentinelMaster(MASTER_NAME)).append('\n');
          out.append("replicas: ").append(jedis.sentinelReplicas(MASTER_NAME)).append('\n');
          out.append("sentinels: ").append(jedis.sentinelSentinels(MASTER_NAME)).append('\n');
        } catch (RuntimeException e) {
          out.append("(SENTINEL commands failed: ").append(e).append(")\n");
        }
      }
      out.append(sentinel.tail()).append('\n');
    }
    for (RedisProcess node : dataNodes) {
      out.append("--- ").append(node).append('\n');
      if (node.isAvailable()) {
        try (Jedis jedis = RedisProcesses.admin(node.address())) {
          out.append(jedis.info("replication")).append('\n');
        } catch (RuntimeException e) {
          out.append("(INFO failed: ").append(e).append(")\n");
        }
      }
      out.append(node.tail()).append('\n');
    }
    return out.toString();
  }

  private void requireStarted() {
    if (sentinels.isEmpty()) {
      throw new IllegalStateException(
          "the setup is not started: register the extension with @RegisterExtension in a static"
              + " field");
    }
  }

  private Path requireWorkDirectory() {
    Path work = workDirectory;
    if (work == null) {
      throw new IllegalStateException("not started");
    }
    return work;
  }

  private Path requireBinary() {
    Path binary = serverBinary;
    if (binary == null) {
      throw new IllegalStateException("not started");
    }
    return binary;
  }

  @Override
  public String toString() {
    return "RedisSentinelExtension[data " + dataNodes + ", sentinels " + sentinels + "]";
  }
}
