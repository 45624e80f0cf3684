package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.RedisProcesses.RedisProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A JUnit 5 extension that gives a test class a real Redis Cluster: six {@code redis-server}
 * processes on free loopback ports, joined by {@code redis-cli --cluster create --cluster-replicas 1}
 * into three primaries (all 16384 slots) with one replica each. The cluster is ready when every node
 * says {@code cluster_state:ok}, all nodes agree on the three primaries, and each primary has its
 * replica attached and in sync.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisClusterExtension cluster = new RedisClusterExtension();
 *
 * @Test void failover() {
 *   try (RedisClusterClient client = cluster.newClient()) {
 *     HostAndPort primary = cluster.slotOwnerOf("k");
 *     cluster.kill(primary);
 *     cluster.awaitFailover(primary, Duration.ofSeconds(20));
 *     client.set("k", "v"); // may need a retry while the client learns the new owner
 *   }
 * }
 * }</pre>
 *
 * <p>Nodes run with {@code --cluster-node-timeout 1000} and {@code
 * --cluster-replica-validity-factor 0} (a replica always stands for election, however long it was
 * cut off), and {@code --repl-diskless-sync-delay 0} (a replica syncs at once instead of after the
 * default 5 s). Nothing is persisted except each node's {@code nodes.conf}, so a killed node restarted
 * by {@link #reset()} rejoins the cluster it left.
 *
 * <p>{@link #primaries()}, {@link #replicaOf} and {@link #slotOwnerOf} report the cluster as the
 * first node that runs and is not paused sees it ({@code CLUSTER NODES}). Nodes learn of a change by
 * gossip, so right after one (a node resumed, a replica promoted) their views may differ for a moment;
 * {@link #awaitFailover} and {@link #reset()} wait until every node agrees.
 *
 * <p>One cluster per test class: starting one takes about 2 to 3 s. Tests that kill or pause nodes
 * call {@link #reset()} afterwards (restarts the dead nodes on their ports and waits until the cluster
 * is whole again, a few seconds); {@link #restartAsFresh()} builds a new cluster on new ports (as
 * long as the first start). The processes are killed in {@code afterAll}, and by a JVM shutdown hook
 * if the JVM exits first.
 *
 * <p>When {@code redis-server} or {@code redis-cli} is missing, the class's tests are skipped with a
 * message saying how to install them; under CI ({@code CI=true}) they fail instead. Not thread-safe:
 * drive it from the test thread.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

  /** How many nodes the cluster has: three primaries and a replica of each. */
  public static final int NODE_COUNT = 6;

  /** How many slots a cluster has. */
  public static final int SLOT_COUNT = 16384;

  private static final String HOST = RedisProcesses.HOST;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final int NODE_TIMEOUT_MILLIS = 1000;

  private final List<RedisProcess> nodes = new ArrayList<>();
  /** For each primary killed or paused, the replica that was to take over from it. */
  private final Map<HostAndPort, HostAndPort> successors = new HashMap<>();

  private @Nullable Path workDirectory;
  private @Nullable Path serverBinary;
  private @Nullable Path cliBinary;
  private @Nullable Class<?> owner;
  private int generation;

  /** A cluster started before the test class's tests and stopped after them. */
  public RedisClusterExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (owner != null) {
      return; // a @Nested class: it shares the enclosing class's cluster
    }
    serverBinary = RedisProcesses.redisServerForTopologies();
    cliBinary = RedisProcesses.redisCliForTopologies();
    owner = context.getRequiredTestClass();
    workDirectory = RedisProcesses.temporaryDirectory("lightcache-redis-cluster-");
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (owner == null || owner != context.getRequiredTestClass()) {
      return;
    }
    stopAll();
    if (workDirectory != null) {
      RedisProcesses.deleteUnlessKept(workDirectory, "the Redis Cluster");
      workDirectory = null;
    }
    owner = null;
  }

  // ---------------------------------------------------------------- accessors

  /**
   * The URL of the cluster, naming every node as a seed: {@code
   * redis-cluster://127.0.0.1:P1,127.0.0.1:P2,...,127.0.0.1:P6}. The ports change only with {@link
   * #restartAsFresh()}.
   *
   * @return the URL
   */
  public String url() {
    requireStarted();
    return "redis-cluster://"
        + nodes.stream().map(n -> HOST + ":" + n.port()).collect(Collectors.joining(","));
  }

  /**
   * Every node, in the order they were started (not by role).
   *
   * @return the six addresses
   */
  public List<HostAndPort> nodes() {
    requireStarted();
    return nodes.stream().map(RedisProcess::address).toList();
  }

  /**
   * The primaries that own slots now, as a node that answers sees them, by their first slot. Right
   * after a primary is killed and before its replica has taken over, the dead primary is still one.
   *
   * @return the primaries (three when the cluster is whole)
   */
  public List<HostAndPort> primaries() {
    return view().stream()
        .filter(n -> n.isPrimary() && !n.slots().isEmpty())
        .sorted(Comparator.comparingInt(ClusterNode::firstSlot))
        .map(ClusterNode::address)
        .toList();
  }

  /**
   * The replica of a primary now, as a node that answers sees it; one not marked failed if there is
   * one.
   *
   * @param primary the primary
   * @return its replica
   * @throws IllegalStateException if it has none
   */
  public HostAndPort replicaOf(HostAndPort primary) {
    List<ClusterNode> view = view();
    ClusterNode master =
        view.stream()
            .filter(n -> n.address().equals(primary))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(primary + " is not in the cluster"));
    return view.stream()
        .filter(n -> n.isReplica() && master.id().equals(n.masterId()))
        .sorted(Comparator.comparing(ClusterNode::isFailed)) // healthy ones first
        .map(ClusterNode::address)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(primary + " has no replica: " + view));
  }

  /**
   * Waits until the replica of {@code primary} has every write the primary has made so far (its
   * replication offset has reached the primary's), so that a failover now cannot lose them. Replication
   * is asynchronous: on a loaded machine a replica may lag a write by more than a test's pause.
   *
   * @param primary the primary
   * @param timeout how long to wait
   * @throws IllegalStateException when the time is up
   */
  public void awaitReplicated(HostAndPort primary, Duration timeout) {
    long written;
    try (Jedis jedis = RedisProcesses.admin(primary)) {
      written = replicationOffset(jedis.info("replication"), "master_repl_offset");
    }
    HostAndPort replica = replicaOf(primary);
    RedisProcesses.await(
        replica + " has every write of " + primary,
        timeout,
        () -> {
          try (Jedis jedis = RedisProcesses.admin(replica)) {
            return replicationOffset(jedis.info("replication"), "slave_repl_offset") >= written;
          }
        },
        this::diagnostics);
  }

  private static long replicationOffset(String info, String field) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    throw new IllegalStateException("no " + field + " in INFO replication: " + info);
  }

  /**
   * The slot of a key ({@code CRC16(key) mod 16384}, of its {@code {hash tag}} if it has one).
   *
   * @param key the key
   * @return the slot
   */
  public static int slotOf(String key) {
    return JedisClusterCRC16.getSlot(key);
  }

  /**
   * The primary that owns a key's slot now, as a node that answers sees it.
   *
   * @param key the key
   * @return the primary
   */
  public HostAndPort slotOwnerOf(String key) {
    int slot = slotOf(key);
    return view().stream()
        .filter(n -> n.isPrimary() && n.owns(slot))
        .map(ClusterNode::address)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no primary owns slot " + slot));
  }

  /**
   * A new client of the cluster, seeded with every node that runs and is not paused, with 1 s
   * connect and socket timeouts and Jedis's defaults otherwise (5 attempts per command, within 5 s).
   * The caller closes it.
   *
   * @return a new client
   */
  public RedisClusterClient newClient() {
    requireStarted();
    Set<HostAndPort> seeds =
        nodes.stream()
            .filter(RedisProcess::isAvailable)
            .map(RedisProcess::address)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    return RedisClusterClient.builder()
        .nodes(seeds)
        .clientConfig(
            DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(1000)
                .socketTimeoutMillis(1000)
                .build())
        .build();
  }

  // ---------------------------------------------------------------- outages

  /**
   * Kills a node with SIGKILL, as a crash would, and waits until it is gone. If it was a primary,
   * its replica is remembered for {@link #awaitFailover}.
   *
   * @param node the node
   */
  public void kill(HostAndPort node) {
    RedisProcess process = process(node);
    rememberSuccessor(node);
    process.kill();
  }

  /**
   * Freezes a node with SIGSTOP: it accepts connections but answers nothing. A primary paused for
   * longer than the node timeout (1 s) is failed over; {@link #resume resumed}, it rejoins as a
   * replica.
   *
   * @param node the node
   */
  public void pause(HostAndPort node) {
    RedisProcess process = process(node);
    rememberSuccessor(node);
    process.pause();
  }

  /**
   * Lets a {@link #pause paused} node run again with SIGCONT.
   *
   * @param node the node
   */
  public void resume(HostAndPort node) {
    process(node).resume();
  }

  /**
   * Waits until the replica of a killed or paused primary has taken over: it says {@code role
   * master}, and every node that runs and is not paused says {@code cluster_state:ok} and sees it
   * owning the slots.
   *
   * @param deadPrimary the primary that was {@link #kill killed} or {@link #pause paused}
   * @param timeout how long to wait
   * @return the new primary (the former replica)
   * @throws IllegalStateException when the time is up
   */
  public HostAndPort awaitFailover(HostAndPort deadPrimary, Duration timeout) {
    HostAndPort successor = successors.get(deadPrimary);
    if (successor == null) {
      successor = replicaOf(deadPrimary);
    }
    HostAndPort promoted = successor;
    RedisProcesses.await(
        promoted + " takes over from " + deadPrimary,
        timeout,
        () -> {
          try (Jedis jedis = RedisProcesses.admin(promoted)) {
            if (!"master".equals(String.valueOf(jedis.role().get(0)))) {
              return false;
            }
          }
          for (RedisProcess node : nodes) {
            if (!node.isAvailable() || node.address().equals(deadPrimary)) {
              continue;
            }
            try (Jedis jedis = RedisProcesses.admin(node.address())) {
              if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                return false;
              }
              boolean owns =
                  parse(jedis.clusterNodes()).stream()
                      .anyMatch(
                          n -> n.address().equals(promoted) && n.isPrimary() && !n.slots().isEmpty());
              if (!owns) {
                return false;
              }
            }
          }
          return true;
        },
        this::diagnostics);
    return promoted;
  }

  /**
   * Makes the cluster whole again for the next test: resumes paused nodes, restarts killed ones on
   * their ports (they rejoin from their {@code nodes.conf}, a failed-over primary as a replica),
   * waits until the cluster is {@linkplain RedisClusterExtension ready} (three primaries, each with
   * its replica in sync), and flushes every primary. Which nodes are primaries may differ from the
   * start; the ports, and so {@link #url()}, stay. Takes a few seconds when nodes were killed
   * (mostly the wait for the cluster to clear its failure flags), milliseconds otherwise.
   */
  public void reset() {
    requireStarted();
    long began = System.nanoTime();
    List<RedisProcess> revived = new ArrayList<>();
    for (RedisProcess node : nodes) {
      if (node.isRunning() && node.isPaused()) {
        node.resume();
        revived.add(node);
      }
    }
    for (RedisProcess node : nodes) {
      if (!node.isRunning()) {
        node.restart();
        revived.add(node);
      }
    }
    successors.clear();
    awaitReady();
    if (!revived.isEmpty()) {
      System.out.printf(
          "[lightcache] Redis Cluster whole again in %d ms after resuming or restarting %s: %s%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), revived, describe());
    }
    for (HostAndPort primary : primaries()) {
      try (Jedis jedis = RedisProcesses.admin(primary)) {
        jedis.flushAll();
        jedis.waitReplicas(1, 5000);
      }
    }
  }

  /**
   * Stops every node and builds a new cluster on new ports, as at the start: as slow as the first
   * start (2 to 3 s), and {@link #url()} changes, so clients made before must be made again. For a
   * test that leaves the cluster in a state {@link #reset()} cannot repair.
   *
   * @throws IOException if a node cannot be started
   */
  public void restartAsFresh() throws IOException {
    requireStarted();
    stopAll();
    start();
  }

  // ---------------------------------------------------------------- internals

  private void start() throws IOException {
    Path work = requireWorkDirectory();
    Path binary = requireBinary(serverBinary);
    long began = System.nanoTime();
    generation++;
    for (int i = 1; i <= NODE_COUNT; i++) {
      Path directory = work.resolve("g" + generation + "-node-" + i);
      Files.createDirectories(directory);
      nodes.add(
          RedisProcesses.startOnFreePort(
              "cluster node " + i, binary, directory, port -> nodeArguments(port, directory)));
    }
    create(work);
    awaitReady();
    System.out.printf(
        "[lightcache] Redis Cluster ready in %d ms: %s%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), describe());
  }

  private static List<String> nodeArguments(int port, Path directory) {
    int busPort;
    try {
      busPort = RedisProcesses.freePortOtherThan(port);
      Files.deleteIfExists(directory.resolve("nodes.conf")); // left by an attempt on another port
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(
        "--port", String.valueOf(port),
        // The bus port is chosen too: port + 10000 may be taken, or above 65535.
        "--cluster-port", String.valueOf(busPort),
        "--bind", HOST,
        "--cluster-enabled", "yes",
        "--cluster-config-file", directory.resolve("nodes.conf").toString(),
        "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MILLIS),
        "--cluster-replica-validity-factor", "0",
        "--repl-diskless-sync-delay", "0",
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--dir", directory.toString(),
        "--logfile", "");
  }

  private void create(Path work) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(requireBinary(cliBinary).toString());
    command.add("--cluster");
    command.add("create");
    for (RedisProcess node : nodes) {
      command.add(HOST + ":" + node.port());
    }
    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    Path log = work.resolve("cluster-create-" + generation + ".log");
    Process create =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    try {
      if (!create.waitFor(60, TimeUnit.SECONDS)) {
        create.destroyForcibly();
        throw new IOException("redis-cli --cluster create did not finish:\n" + RedisProcesses.tail(log, 40));
      }
    } catch (InterruptedException e) {
      create.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (create.exitValue() != 0) {
      throw new IOException(
          "redis-cli --cluster create exited with " + create.exitValue() + ":\n"
              + String.join(" ", command) + "\n" + RedisProcesses.tail(log, 40) + "\n"
              + diagnostics());
    }
  }

  /** Waits until every node is up and agrees on three primaries, each with its replica in sync. */
  private void awaitReady() {
    RedisProcesses.await(
        "the cluster is ready (every node ok; 3 primaries with a replica in sync each)",
        READY_TIMEOUT,
        this::isReady,
        this::diagnostics);
  }

  private boolean isReady() {
    Set<HostAndPort> primariesSeen = null;
    for (RedisProcess node : nodes) {
      if (!node.isAvailable()) {
        return false;
      }
      try (Jedis jedis = RedisProcesses.admin(node.address())) {
        String info = jedis.clusterInfo();
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + NODE_COUNT)
            || !info.contains("cluster_size:3")) {
          return false;
        }
        List<ClusterNode> view = parse(jedis.clusterNodes());
        if (view.size() != NODE_COUNT
            || view.stream().anyMatch(n -> n.isFailed() || !n.connected())) {
          return false;
        }
        List<ClusterNode> masters =
            view.stream().filter(n -> n.isPrimary() && !n.slots().isEmpty()).toList();
        if (masters.size() != 3) {
          return false;
        }
        for (ClusterNode master : masters) {
          if (view.stream().filter(n -> n.isReplica() && master.id().equals(n.masterId())).count()
              != 1) {
            return false;
          }
        }
        Set<HostAndPort> seen =
            masters.stream().map(ClusterNode::address).collect(Collectors.toSet());
        if (primariesSeen != null && !primariesSeen.equals(seen)) {
          return false; // the nodes do not agree yet
        }
        primariesSeen = seen;
        String replication = jedis.info("replication");
        boolean inSync =
            seen.contains(node.address())
                ? replication.contains("connected_slaves:1")
                : replication.contains("master_link_status:up");
        if (!inSync) {
          return false;
        }
      }
    }
    return true;
  }

  private void rememberSuccessor(HostAndPort node) {
    try {
      List<ClusterNode> view = view();
      view.stream()
          .filter(n -> n.address().equals(node) && n.isPrimary() && !n.slots().isEmpty())
          .findFirst()
          .ifPresent(primary -> successors.put(node, replicaOf(node)));
    } catch (RuntimeException e) {
      // No node answers or the primary has no replica: awaitFailover will say so.
    }
  }

  /** The cluster as the first node that answers sees it. */
  private List<ClusterNode> view() {
    requireStarted();
    RuntimeException last = null;
    for (RedisProcess node : nodes) {
      if (!node.isAvailable()) {
        continue;
      }
      try (Jedis jedis = RedisProcesses.admin(node.address())) {
        return parse(jedis.clusterNodes());
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no cluster node answers", last);
  }

  private RedisProcess process(HostAndPort address) {
    requireStarted();
    return nodes.stream()
        .filter(n -> n.address().equals(address))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException(address + " is not a node of this cluster: " + nodes));
  }

  private void stopAll() {
    for (RedisProcess node : nodes) {
      node.stopQuietly();
    }
    nodes.clear();
    successors.clear();
  }

  private String describe() {
    try {
      List<ClusterNode> view = view();
      return view.stream()
          .filter(n -> n.isPrimary() && !n.slots().isEmpty())
          .sorted(Comparator.comparingInt(ClusterNode::firstSlot))
          .map(
              m -> m.address().getPort() + " (replica "
                  + view.stream()
                      .filter(n -> m.id().equals(n.masterId()))
                      .map(n -> String.valueOf(n.address().getPort()))
                      .collect(Collectors.joining(","))
                  + ")")
          .collect(Collectors.joining(", ", "primaries ", ""));
    } catch (RuntimeException e) {
      return nodes.toString();
    }
  }

  private String diagnostics() {
    StringBuilder out = new StringBuilder();
    for (RedisProcess node : nodes) {
      out.append("--- ").append(node).append('\n');
      if (node.isAvailable()) {
        try (Jedis jedis = RedisProcesses.admin(node.address())) {
          out.append(jedis.clusterNodes()).append('\n');
        } catch (RuntimeException e) {
          out.append("(CLUSTER NODES failed: ").append(e).append(")\n");
        }
      }
      out.append(node.tail()).append('\n');
    }
    return out.toString();
  }

  private void requireStarted() {
    if (nodes.isEmpty()) {
      throw new IllegalStateException(
          "the cluster is not started: register the extension with @RegisterExtension in a static"
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

  private static Path requireBinary(@Nullable Path binary) {
    if (binary == null) {
      throw new IllegalStateException("not started");
    }
    return binary;
  }

  /** One line of {@code CLUSTER NODES}. */
  record ClusterNode(
      String id,
      HostAndPort address,
      Set<String> flags,
      @Nullable String masterId,
      boolean connected,
      List<int[]> slots) {

    boolean isPrimary() {
      return flags.contains("master");
    }

    boolean isReplica() {
      return flags.contains("slave");
    }

    boolean isFailed() {
      return flags.contains("fail") || flags.contains("fail?") || flags.contains("handshake")
          || flags.contains("noaddr");
    }

    boolean owns(int slot) {
      return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
    }

    int firstSlot() {
      return slots.stream().mapToInt(range -> range[0]).min().orElse(Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
      return address + " " + flags + (masterId == null ? "" : " of " + masterId.substring(0, 8))
          + " " + slots.stream().map(r -> r[0] + "-" + r[1]).toList();
    }
  }

  /**
   * Parses {@code CLUSTER NODES}: {@code id ip:port@bus[,hostname] flags master ping pong epoch link
   * slot...}.
   */
  static List<ClusterNode> parse(String clusterNodes) {
    List<ClusterNode> parsed = new ArrayList<>();
    for (String line : clusterNodes.split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 8) {
        continue;
      }
      String address = fields[1];
      int at = address.indexOf('@');
      HostAndPort hostAndPort = HostAndPort.from(at < 0 ? address : address.substring(0, at));
      Set<String> flags = new HashSet<>(Arrays.asList(fields[2].split(",")));
      String masterId = "-".equals(fields[3]) ? null : fields[3];
      List<int[]> slots = new ArrayList<>();
      for (int i = 8; i < fields.length; i++) {
        String slot = fields[i];
        if (slot.startsWith("[")) {
          continue; // a slot being migrated or imported
        }
        int dash = slot.indexOf('-');
        slots.add(
            dash < 0
                ? new int[] {Integer.parseInt(slot), Integer.parseInt(slot)}
                : new int[] {
                  Integer.parseInt(slot.substring(0, dash)), Integer.parseInt(slot.substring(dash + 1))
                });
      }
      parsed.add(
          new ClusterNode(
              fields[0], hostAndPort, flags, masterId, "connected".equals(fields[7]), slots));
    }
    return parsed;
  }

  @Override
  public String toString() {
    return "RedisClusterExtension" + nodes;
  }
}
