package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The load lease across real processes ({@link LoadLeaseChild}): JVMs that miss one key at once load
 * it once between them; a holder killed with SIGKILL costs the others at most {@code maxLoad} + 1 s.
 */
class LoadLeaseProcessTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final String KEY = "com.acme.P:v1:get(long):7";
  private static final long STEP_SECONDS = ChildJvm.STEP_SECONDS;

  private final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void killChildren() {
    children.forEach(ChildJvm::close);
  }

  @Test
  @Timeout(value = 3 * STEP_SECONDS, unit = TimeUnit.SECONDS)
  void threeJvmsMissingOneKeyAtOnceLoadItOnce() throws Exception {
    String prefix = "lease-" + UUID.randomUUID() + ":";
    List<String> lines = race(prefix, Duration.ofSeconds(10));

    try (RedisClient raw = redis.newClient()) {
      assertEquals("1", raw.get(prefix + "loads"), "delegate calls across the processes: " + lines);
    }
    assertEquals(1, lines.stream().filter("LOADED"::equals).count(), lines.toString());
    assertEquals(2, lines.stream().filter(line -> line.startsWith("HIT loaded by ")).count(), lines.toString());
  }

  @Test
  @Timeout(value = 3 * STEP_SECONDS, unit = TimeUnit.SECONDS)
  void withoutTheLeaseEachJvmLoads() throws Exception {
    String prefix = "no-lease-" + UUID.randomUUID() + ":";
    List<String> lines = race(prefix, Duration.ZERO);

    try (RedisClient raw = redis.newClient()) {
      assertEquals("3", raw.get(prefix + "loads"), lines.toString()); // what the lease saves
    }
  }

  @Test
  @Timeout(value = 3 * STEP_SECONDS, unit = TimeUnit.SECONDS)
  void aKilledHolderCostsTheWaitersAtMostMaxLoadPlusOneSecond() throws Exception {
    String prefix = "lease-death-" + UUID.randomUUID() + ":";
    Duration maxLoad = Duration.ofSeconds(3);
    ChildJvm holder = start(prefix, 60_000, maxLoad, "die");
    assertEquals("READY", holder.readLine());
    holder.send("go");
    assertEquals("LOADING", holder.readLine()); // it holds the lease

    try (DefaultRedisCache cache =
        new DefaultRedisCache(
            redis.url(), RedisCacheConfig.builder().prefix(prefix).loadLease(maxLoad).build())) {
      CompletableFuture<String> waiter =
          CompletableFuture.supplyAsync(() -> cache.get(KEY, ValueType.of(String.class)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
      while (cache.leaseWaitCount() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(1, cache.leaseWaitCount(), "the call here waits for the holder");
      holder.kill(); // SIGKILL: its lease is never released
      long killed = System.nanoTime();

      assertNull(waiter.get(STEP_SECONDS, TimeUnit.SECONDS)); // a miss: this process loads now
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      System.out.println("waiter released " + tookMillis + " ms after the holder's death (maxLoad "
          + maxLoad.toMillis() + " ms)");
      assertTrue(tookMillis <= maxLoad.toMillis() + 1000, tookMillis + " ms");
    }
  }

  /** Starts three children, lets them go at once, and returns their last lines. */
  private List<String> race(String prefix, Duration maxLoad) throws Exception {
    List<ChildJvm> racers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      racers.add(start(prefix, 1500, maxLoad, "load"));
    }
    for (ChildJvm child : racers) {
      assertEquals("READY", child.readLine());
    }
    racers.forEach(child -> child.send("go"));
    List<String> lines = new ArrayList<>();
    for (ChildJvm child : racers) {
      lines.add(child.readLine());
    }
    for (ChildJvm child : racers) {
      assertEquals(0, child.awaitExit());
    }
    return lines;
  }

  private ChildJvm start(String prefix, long loadMillis, Duration maxLoad, String mode) throws IOException {
    ChildJvm child =
        ChildJvm.start(
            LoadLeaseChild.class,
            redis.url(),
            prefix,
            KEY,
            Long.toString(loadMillis),
            Long.toString(maxLoad.toMillis()),
            mode);
    children.add(child);
    return child;
  }
}
