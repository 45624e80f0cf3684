package dev.lightcache.benchmarks;

import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.internal.ExpiryClock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading a clock costs on this machine: the reads an expiring hit may make. Caffeine with {@code
 * expireAfterWrite} reads {@code System.nanoTime()} on every hit; {@code InMemoryCache} reads {@link
 * ExpiryClock#now()}, a volatile field its ticker thread refreshes (every 5 ms with the default 10 ms
 * slack). A plain volatile read of a field nobody writes is the baseline. The clock source of the
 * machine ({@code /sys/devices/system/clocksource/clocksource0/current_clocksource}, in {@code
 * environment.txt}) decides most of the first two: {@code tsc} is read in user space, {@code kvm-clock}
 * and {@code hpet} cost more, and a source without a vDSO path costs a system call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Benchmark)
public class ClockBench {

  /** Registered with the shared clock: keeps its ticker running while this state is reachable. */
  private InMemoryCache cache;

  private ExpiryClock clock;
  private long startedAt;
  private volatile long plain;

  @Setup(Level.Trial)
  public void setUp() {
    cache = new InMemoryCache(16);
    clock = ExpiryClock.system();
    if (!clock.isCoarse() || clock.ticker() == null) {
      throw new IllegalStateException("the shared expiry clock is not ticking: not what a hit reads");
    }
    startedAt = clock.now();
    plain = startedAt;
  }

  @TearDown(Level.Trial)
  public void checkTicked() {
    if (clock.now() == startedAt) {
      throw new IllegalStateException("the expiry clock did not advance during the trial: its ticker is not running");
    }
    cache.cleanUp(); // reachable until the end of the trial
  }

  /** What Caffeine's {@code expireAfterWrite} reads on every hit (its default ticker). */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /** The wall clock, for comparison: what a cache reading {@code Instant.now()} would pay at least. */
  @Benchmark
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  /** What an {@code InMemoryCache} hit reads: the shared coarse clock's field. */
  @Benchmark
  public long expiryClockNow() {
    return clock.now();
  }

  /** The baseline: a volatile {@code long} that nobody writes during the measurement. */
  @Benchmark
  public long volatileRead() {
    return plain;
  }
}
