package dev.lightcache.runtime.internal;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The time that in-memory expiration is checked against, in nanoseconds, so that a hit does not read
 * the system clock: {@code System.nanoTime()} costs about 40 ns on many cloud VMs, more than the rest
 * of a hit.
 *
 * <p>A <em>coarse</em> clock holds the last time a ticker thread read from its source; a hit reads that
 * field. The thread ticks every half of the finest {@link #register staleness bound} among the caches
 * that use it (at most every 100 ms), so the value lags the source by at most that bound, a scheduling
 * delay of the ticker of up to another half of the bound included. Writes read it too: a time to live
 * then starts up to the lag before the store, so it is never shortened nor lengthened by more than the
 * bound (a coarse time is never ahead of the source). A <em>precise</em> clock reads its source every
 * time (a bound below 2 ms, or a clock given by a test).
 *
 * <p>{@link #system()} is one coarse clock per class loader of this class, over {@code
 * System.nanoTime()}. Its ticker is one daemon thread, started when the first cache registers, stopped
 * when every registered cache has been garbage collected; it inherits no thread locals and holds no
 * context class loader, so it never keeps a JVM alive nor an application's class loader reachable once
 * its caches are gone.
 *
 * <p>Thread-safe.
 */
public final class ExpiryClock {

  /** Below this bound, a cache reads the precise source on every hit. */
  public static final long MIN_COARSE_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private static final ExpiryClock SYSTEM = new ExpiryClock(System::nanoTime, true);

  /** The longest the ticker parks, so that it notices soon that its caches are gone. */
  private static final long MAX_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final LongSupplier source;
  private final boolean coarse;
  /** The last time read from the source (coarse clocks only). */
  private volatile long now;

  private final Object lock = new Object();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  /** The registered caches that are still reachable, with their bounds; guarded by {@link #lock}. */
  private final Set<Registration> registrations = new HashSet<>();
  /** The ticker, while one runs; guarded by {@link #lock}. */
  private @Nullable Thread ticker;
  /** Nanoseconds between ticks: half the finest bound registered; guarded by {@link #lock}. */
  private volatile long periodNanos = Long.MAX_VALUE;

  private ExpiryClock(LongSupplier source, boolean coarse) {
    this.source = source;
    this.coarse = coarse;
    this.now = source.getAsLong();
  }

  /**
   * The shared coarse clock over {@code System.nanoTime()}.
   *
   * @return the clock
   */
  public static ExpiryClock system() {
    return SYSTEM;
  }

  /**
   * A clock that reads {@code source} on every call: for a cache given its own ticker, or a bound too
   * fine for a coarse clock.
   *
   * @param source nanosecond time
   * @return the clock
   */
  public static ExpiryClock precise(LongSupplier source) {
    return new ExpiryClock(Objects.requireNonNull(source, "source"), false);
  }

  /**
   * A coarse clock over {@code source} that nobody ticks but the caller ({@link #tick()}): tests control
   * both the source and the ticks. {@link #register} on it starts no thread.
   *
   * @param source nanosecond time
   * @return the clock
   */
  public static ExpiryClock manual(LongSupplier source) {
    return new ExpiryClock(Objects.requireNonNull(source, "source"), true);
  }

  /**
   * The time for expiration checks: the last tick of a coarse clock, the source of a precise one.
   *
   * @return nanoseconds, comparable with other readings by subtraction
   */
  public long now() {
    return coarse ? now : source.getAsLong();
  }

  /** Whether {@link #now()} may lag the source (by up to the registered bound). */
  public boolean isCoarse() {
    return coarse;
  }

  /** Reads the source into {@link #now()}. */
  public void tick() {
    long time = source.getAsLong();
    // A racing tick may still write a slightly older reading: a past time, so never ahead of the source.
    if (time - now > 0) {
      now = time;
    }
  }

  /**
   * Registers a cache that reads this clock, with the longest it may serve an entry after its
   * expiration. On the shared clock, starts the ticker if none runs and makes it tick at least every
   * half of {@code boundNanos}; the cache's registration ends when it is garbage collected.
   *
   * @param cache the cache
   * @param boundNanos its staleness bound, at least {@link #MIN_COARSE_BOUND_NANOS}
   */
  public void register(Object cache, long boundNanos) {
    if (!coarse) {
      return;
    }
    if (boundNanos < MIN_COARSE_BOUND_NANOS) {
      throw new IllegalArgumentException("a coarse clock needs a bound of at least 2 ms, got " + boundNanos + " ns");
    }
    tick();
    if (this != SYSTEM) {
      return;
    }
    synchronized (lock) {
      registrations.add(new Registration(cache, boundNanos, collected));
      long period = Math.min(MAX_PERIOD_NANOS, boundNanos / 2);
      if (period < periodNanos) {
        periodNanos = period;
        if (ticker != null) {
          LockSupport.unpark(ticker); // it may be parked for the longer period
        }
      }
      if (ticker == null) {
        Thread thread = new Thread(null, this::run, "lightcache-expiry-clock", 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        ticker = thread;
        thread.start();
      }
    }
  }

  /** The shared clock's ticker thread while it runs, else {@code null}: for tests of its lifecycle. */
  public @Nullable Thread ticker() {
    synchronized (lock) {
      return ticker;
    }
  }

  /** Nanoseconds between the ticker's ticks ({@code Long.MAX_VALUE} while it does not run). */
  public long periodNanos() {
    return periodNanos;
  }

  /** The ticker's loop: tick, park, and stop once no registered cache is reachable. */
  private void run() {
    while (true) {
      tick();
      LockSupport.parkNanos(this, periodNanos);
      if (stopIfUnused()) {
        return;
      }
    }
  }

  /** Forgets collected caches; stops the ticker (under the lock) when none is left. */
  private boolean stopIfUnused() {
    Reference<?> gone;
    synchronized (lock) {
      boolean changed = false;
      while ((gone = collected.poll()) != null) {
        registrations.remove(gone);
        changed = true;
      }
      if (registrations.isEmpty()) {
        ticker = null;
        periodNanos = Long.MAX_VALUE;
        return true;
      }
      if (changed) {
        long finest = MAX_PERIOD_NANOS;
        for (Registration registration : registrations) {
          finest = Math.min(finest, registration.boundNanos / 2);
        }
        periodNanos = finest;
      }
      return false;
    }
  }

  /** A registered cache, weakly: identity equality, so that the set finds the cleared reference. */
  private static final class Registration extends WeakReference<Object> {
    final long boundNanos;

    Registration(Object cache, long boundNanos, ReferenceQueue<Object> queue) {
      super(cache, queue);
      this.boundNanos = boundNanos;
    }
  }
}
