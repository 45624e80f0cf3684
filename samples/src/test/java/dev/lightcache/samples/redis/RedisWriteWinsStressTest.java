package dev.lightcache.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.Invalidates;
import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "A write wins" across processes, checked against a model under random concurrent load on a real
 * Redis: once an invalidating call has returned, no call that starts afterwards, in any process sharing
 * the backend, returns a value loaded before that invalidation.
 *
 * <p>Two "processes": two {@link DefaultRedisCache} instances (two Redis clients) over one
 * redis-server, a generated proxy over each, and one table standing for the database they share. Every
 * write goes through process A; reads go through A and B. The delegates read a row's version, then
 * randomly yield or park (to widen the window between reading the row and storing the result), and
 * return {@code "<version>@<process>"}, so a violation names the process whose load was stale.
 *
 * <p>The model: a writer raises the row's version in the table (inside {@code put}, or before {@code
 * touch} / {@code invalidateAll()}), makes the invalidating call, and only after it returned publishes
 * the version as committed for the entries the call invalidated ({@code touch(id)}: {@code get(id)}
 * only; {@code put} and {@code invalidateAll()}: every read method). A reader takes a snapshot of the
 * committed version before its call starts and must get at least that version. Violations are recorded
 * by the workers and asserted absent at the end, with the first few printed. The run must also produce
 * hits in both processes, and no Redis failure (a failed delete would make a violation for the wrong
 * reason).
 */
class RedisWriteWinsStressTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final RedisCacheConfig CONFIG =
      RedisCacheConfig.builder().prefix("lightcache-samples-stress:").build();

  private static final int KEYS = 8;
  private static final int THREADS = 8;
  private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final int MAX_REPORTED = 10;

  /** Rows of the shared table; the writes invalidate. */
  @Cached(expirationSeconds = 600)
  interface Rows {
    String get(long id);

    CompletableFuture<String> getLater(long id);

    Optional<String> find(long id);

    /** PUT: invalidates every entry of the endpoint. */
    void put(long id, String value);

    /** Invalidates exactly the entry of get(id). */
    @Invalidates({"get"})
    void touch(long id);
  }

  private final ExecutorService asyncRows = Executors.newFixedThreadPool(2, daemon("async-row"));
  private final ExecutorService workers = Executors.newFixedThreadPool(THREADS, daemon("stress"));
  private DefaultRedisCache cacheA;
  private DefaultRedisCache cacheB;

  @BeforeEach
  void twoProcesses() {
    cacheA = new DefaultRedisCache(redis.url(), CONFIG);
    cacheB = new DefaultRedisCache(redis.url(), CONFIG);
    cacheA.flush();
  }

  @AfterEach
  void close() {
    workers.shutdownNow();
    asyncRows.shutdownNow();
    cacheA.close();
    cacheB.close();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  // ---------------------------------------------------------------- the database and the delegates

  /** The database both processes share: one version per row, only ever raised. */
  static final class Table {
    private final AtomicLongArray rows = new AtomicLongArray(KEYS);
    private final AtomicLongArray issued = new AtomicLongArray(KEYS);

    long nextVersion(int key) {
      return issued.incrementAndGet(key);
    }

    void write(int key, long version) {
      rows.accumulateAndGet(key, version, Math::max);
    }

    long read(int key) {
      return rows.get(key);
    }
  }

  static void jitter() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    switch (random.nextInt(4)) {
      case 0 -> {}
      case 1 -> Thread.yield();
      default -> LockSupport.parkNanos(random.nextLong(1_000, 200_000));
    }
  }

  /** One process's data access: reads a row's version, then dawdles. */
  static final class VersionedRows implements Rows {
    private final String process;
    private final Table table;
    private final ExecutorService async;

    VersionedRows(String process, Table table, ExecutorService async) {
      this.process = process;
      this.table = table;
      this.async = async;
    }

    private String read(long id) {
      long version = table.read((int) id);
      jitter(); // the row is read: a write now makes this value stale
      return version + "@" + process;
    }

    @Override
    public String get(long id) {
      return read(id);
    }

    @Override
    public CompletableFuture<String> getLater(long id) {
      Supplier<String> read = () -> read(id);
      return ThreadLocalRandom.current().nextBoolean()
          ? CompletableFuture.completedFuture(read.get())
          : CompletableFuture.supplyAsync(read, async);
    }

    @Override
    public Optional<String> find(long id) {
      return Optional.of(read(id));
    }

    @Override
    public void put(long id, String value) {
      table.write((int) id, Long.parseLong(value));
      jitter();
    }

    @Override
    public void touch(long id) {
      jitter(); // the row was changed before this call
    }
  }

  // ---------------------------------------------------------------- the model

  enum Op {
    GET, GET_LATER, FIND, PUT, TOUCH, INVALIDATE_ALL
  }

  /** Committed versions, and what the workers saw. Thread-safe. */
  static final class Model {
    final AtomicLongArray committedForGet = new AtomicLongArray(KEYS);
    final AtomicLongArray committedForAll = new AtomicLongArray(KEYS);
    final AtomicInteger violations = new AtomicInteger();
    /** Violations by the process whose delegate loaded the stale value. */
    final Map<String, AtomicInteger> staleLoadsBy = new java.util.concurrent.ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> reported = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    final Map<Op, LongAdder> counts = new EnumMap<>(Op.class);

    Model() {
      for (Op op : Op.values()) {
        counts.put(op, new LongAdder());
      }
    }

    long snapshot(Op op, int key) {
      return op == Op.GET ? committedForGet.get(key) : committedForAll.get(key);
    }

    void commit(Op op, int key, long version) {
      committedForGet.accumulateAndGet(key, version, Math::max);
      if (op != Op.TOUCH) {
        committedForAll.accumulateAndGet(key, version, Math::max);
      }
    }

    void check(String process, Op op, int key, long snapshot, String value) {
      int at = value.indexOf('@');
      long version = Long.parseLong(value.substring(0, at));
      if (version < snapshot) {
        violations.incrementAndGet();
        String loader = value.substring(at + 1);
        staleLoadsBy.computeIfAbsent(loader, p -> new AtomicInteger()).incrementAndGet();
        if (reported.size() < MAX_REPORTED) {
          reported.add(
              op + "(" + key + ") in process " + process + " returned version " + value
                  + " (loaded by process " + loader + ") but version " + snapshot
                  + " was committed through process A before the call started");
        }
      }
    }

    long operations() {
      return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }
  }

  private static Op pick(ThreadLocalRandom random) {
    int dice = random.nextInt(100);
    if (dice < 35) return Op.GET;
    if (dice < 60) return Op.GET_LATER;
    if (dice < 82) return Op.FIND;
    if (dice < 90) return Op.TOUCH;
    if (dice < 97) return Op.PUT;
    return Op.INVALIDATE_ALL;
  }

  @Test
  void noProcessReturnsAValueLoadedBeforeAWriteThatReturnedBeforeItsCallStarted() throws Exception {
    Table table = new Table();
    CachedRedisWriteWinsStressTest_Rows processA =
        CachedRedisWriteWinsStressTest_Rows.wrap(new VersionedRows("A", table, asyncRows), cacheA);
    CachedRedisWriteWinsStressTest_Rows processB =
        CachedRedisWriteWinsStressTest_Rows.wrap(new VersionedRows("B", table, asyncRows), cacheB);
    Model model = new Model();

    CountDownLatch start = new CountDownLatch(1);
    long[] deadline = new long[1];
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      running.add(
          workers.submit(
              () -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() - deadline[0] < 0 && model.errors.isEmpty()) {
                  Op op = pick(random);
                  int key = random.nextInt(KEYS);
                  try {
                    if (op == Op.GET || op == Op.GET_LATER || op == Op.FIND) {
                      boolean inA = random.nextBoolean();
                      Rows reader = inA ? processA : processB;
                      long snapshot = model.snapshot(op, key); // before the call starts
                      String value =
                          switch (op) {
                            case GET -> reader.get(key);
                            case GET_LATER -> reader.getLater(key).get(10, TimeUnit.SECONDS);
                            default -> reader.find(key).orElseThrow();
                          };
                      model.check(inA ? "A" : "B", op, key, snapshot, value);
                    } else {
                      long version = table.nextVersion(key);
                      switch (op) {
                        case PUT -> processA.put(key, Long.toString(version));
                        case TOUCH -> {
                          table.write(key, version);
                          processA.touch(key);
                        }
                        default -> {
                          table.write(key, version);
                          processA.invalidateAll();
                        }
                      }
                      model.commit(op, key, version); // only now: the invalidating call has returned
                    }
                  } catch (TimeoutException e) {
                    model.errors.add(new AssertionError(op + "(" + key + ") did not complete", e));
                  } catch (Throwable e) {
                    model.errors.add(e);
                  }
                  model.counts.get(op).increment();
                }
                return null;
              }));
    }
    deadline[0] = System.nanoTime() + RUN_NANOS;
    start.countDown();
    for (Future<?> worker : running) {
      worker.get(60, TimeUnit.SECONDS);
    }

    CacheStats a = processA.stats();
    CacheStats b = processB.stats();
    System.out.printf(
        "RedisWriteWinsStressTest: %d operations %s, %d violations (stale loads by process: %s);"
            + " A: %d hits %d misses, B: %d hits %d misses; corrupt entries %d, dropped async calls %d%n",
        model.operations(), model.counts, model.violations.get(), model.staleLoadsBy,
        a.hits(), a.misses(), b.hits(), b.misses(),
        cacheA.corruptEntryCount() + cacheB.corruptEntryCount(),
        cacheA.droppedAsyncCount() + cacheB.droppedAsyncCount());
    if (!model.errors.isEmpty()) {
      AssertionError error = new AssertionError(model.errors.size() + " calls failed");
      model.errors.stream().limit(MAX_REPORTED).forEach(error::addSuppressed);
      throw error;
    }
    // Every command reached Redis: no violation below comes from an undelivered invalidation.
    assertEquals(0, a.cacheErrors() + b.cacheErrors(), "cache errors: A " + a + ", B " + b);
    assertEquals(0, cacheA.errorCount() + cacheB.errorCount(), "Redis errors");
    assertEquals(0, cacheA.skippedCount() + cacheB.skippedCount(), "calls skipped by an open breaker");
    if (model.violations.get() > 0) {
      fail(
          model.violations.get() + " of " + model.operations()
              + " calls returned a value loaded before a write that had returned (stale loads by"
              + " process: " + model.staleLoadsBy + "); the first:\n  "
              + String.join("\n  ", model.reported));
    }
    assertTrue(a.hits() > 0 && b.hits() > 0, "both processes must hit: A " + a + ", B " + b);
    for (Op op : Op.values()) {
      assertTrue(model.counts.get(op).sum() > 0, op + " never ran");
    }
  }
}
