package dev.lightcache.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.internal.ExpiryClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * In-memory expiration against a coarse clock, with a controllable source and controlled ticks: an
 * entry is never served after the next tick past its deadline, a time to live is shortened by the
 * clock's lag at write time at most, and the shared ticker ticks at least every half of the slack and stops
 * when its caches are gone.
 */
class ExpirationSlackTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong source = new AtomicLong(1_000 * SECOND);
  private final ExpiryClock clock = ExpiryClock.manual(source::get);
  private final InMemoryCache cache =
      InMemoryCache.builder().clock(clock).executor(Runnable::run).build();

  @Test
  void aHitReadsTheLastTickNotTheSource() {
    cache.set("k", "v", Duration.ofSeconds(1));
    source.addAndGet(SECOND); // the deadline has passed, but the clock has not ticked since
    assertEquals("v", cache.get("k"), "served within the slack: the hit did not read the source");
    clock.tick();
    assertNull(cache.get("k"), "the first tick past the deadline ends the entry");
  }

  @Test
  void anEntryIsServedAtMostOneTickPeriodAfterItsDeadline() {
    cache.set("k", "v", Duration.ofSeconds(1));
    // Ticks every 5 ms (half the default 10 ms slack), the last one 1 ns before the deadline.
    long deadline = source.get() + SECOND;
    source.set(deadline - 1);
    clock.tick();
    assertEquals("v", cache.get("k"));
    source.set(deadline - 1 + 5 * MS); // the next tick is due: the entry is 5 ms late at most
    assertEquals("v", cache.get("k"), "until the tick, the entry is served late");
    clock.tick();
    assertNull(cache.get("k"));
  }

  @Test
  void aTimeToLiveIsShortenedByTheClocksLagAtWriteTimeAtMost() {
    clock.tick();
    long tickedAt = source.get();
    source.addAndGet(8 * MS); // the coarse clock lags 8 ms behind the source now
    cache.set("k", "v", Duration.ofSeconds(1)); // the write reads the coarse clock: 8 ms early
    source.set(tickedAt + SECOND - 1);
    clock.tick();
    assertEquals("v", cache.get("k"), "lives a second from the tick it was stored under");
    source.set(tickedAt + SECOND);
    clock.tick();
    assertNull(cache.get("k"), "ends a second after the tick: 8 ms early, the lag at write time");
  }

  @Test
  void aTickNeverMovesTheClockBackwards() {
    clock.tick();
    long ticked = clock.now();
    source.addAndGet(-SECOND);
    clock.tick();
    assertEquals(ticked, clock.now());
  }

  @Test
  void aGivenTickerIsReadOnEveryHit() {
    AtomicLong time = new AtomicLong();
    InMemoryCache precise = InMemoryCache.builder().ticker(time::get).executor(Runnable::run).build();
    precise.set("k", "v", Duration.ofSeconds(1));
    time.set(SECOND);
    assertNull(precise.get("k"));
  }

  @Test
  void aSlackBelowTwoMillisecondsReadsTheSystemClockOnEveryHit() throws InterruptedException {
    InMemoryCache precise = InMemoryCache.builder().expirationSlack(Duration.ZERO).build();
    precise.set("k", "v", Duration.ofNanos(1));
    long start = System.nanoTime();
    while (System.nanoTime() - start < 2) {
      Thread.onSpinWait();
    }
    assertNull(precise.get("k"), "expired one nanosecond after the store, with no slack");
    assertThrows(IllegalArgumentException.class, () -> InMemoryCache.builder().expirationSlack(Duration.ofMillis(-1)));
  }

  @Test
  void theSharedTickerTicksAtLeastEveryHalfOfTheFinestSlack() throws InterruptedException {
    InMemoryCache fine = InMemoryCache.builder().expirationSlack(Duration.ofMillis(4)).build();
    ExpiryClock shared = ExpiryClock.system();
    assertTrue(shared.periodNanos() <= 2 * MS, "period " + shared.periodNanos());
    Thread ticker = shared.ticker();
    assertNotNull(ticker);
    assertTrue(ticker.isDaemon(), "never keeps the JVM alive");
    assertNull(ticker.getContextClassLoader(), "holds no application class loader");
    // It runs: the shared time passes a precise reading taken now.
    long before = System.nanoTime();
    long waitedSince = System.nanoTime();
    while (shared.now() - before < 0) {
      assertTrue(System.nanoTime() - waitedSince < 30 * SECOND, "the shared clock never ticked");
      Thread.sleep(1);
    }
    fine.set("k", "v", null);
    assertEquals("v", fine.get("k"));
  }

  /**
   * In a JVM of its own (other tests keep caches alive in this one): the ticker stops once its caches
   * are collected, starts again for a new cache, and never keeps the JVM from exiting.
   */
  @Test
  void theSharedTickerStopsWhenItsCachesAreGoneAndNeverKeepsTheJvmAlive() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExpiryClockChild.class.getName())
            .redirectErrorStream(true)
            .start();
    boolean exited = child.waitFor(120, TimeUnit.SECONDS);
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      child.destroyForcibly();
    }
    assertTrue(exited, "the child JVM did not exit with a live cache and its ticker: " + output);
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("ticker stopped; restarted; main returns"), output);
  }
}
