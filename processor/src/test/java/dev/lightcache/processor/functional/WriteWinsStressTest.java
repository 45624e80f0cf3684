package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.InMemoryCache;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A write wins", checked against a model under random concurrent load: once an invalidating call has
 * returned, no call that starts afterwards returns a value loaded before it.
 *
 * <p>The delegate reads a versioned row of an in-memory table and returns {@code "<version>@<name>"};
 * after reading the row it randomly yields or parks, to widen the window in which a write can slip
 * between the read of the row and the store of the result. Writers raise a row's version in the table
 * (inside {@code put}, or before {@code touch} / {@code invalidateAll()}), make the invalidating call,
 * and only after it returned publish the version as committed for the entries that call invalidated.
 * Readers take a snapshot of the committed version before their call starts; getting an older version
 * means the call returned a value loaded before an invalidation that had returned before the call
 * started. Such violations are recorded by the workers and asserted absent at the end, with the first
 * few printed. The run also has to have produced hits, so that it cannot pass by never caching.
 *
 * <p>Which versions a read may be checked against follows what each write invalidates: {@code touch(id)}
 * invalidates only {@code get(id)}'s entry, so it commits its version for {@code get} only; {@code put}
 * (the whole endpoint) and {@code invalidateAll()} commit theirs for every read method.
 */
class WriteWinsStressTest {

  private static final int KEYS = 8;
  private static final int THREADS = 8;
  private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(2_500);
  private static final int MAX_REPORTED = 10;

  private final ExecutorService asyncRows = Executors.newFixedThreadPool(2, daemon("async-row"));
  private final ExecutorService workers = Executors.newFixedThreadPool(THREADS, daemon("stress"));

  @AfterEach
  void shutDown() {
    workers.shutdownNow();
    asyncRows.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  // ---------------------------------------------------------------- the database and the delegate

  /** The "database": one version per row, only ever raised. */
  static final class Table {
    private final AtomicLongArray rows = new AtomicLongArray(KEYS);
    private final AtomicLongArray issued = new AtomicLongArray(KEYS);

    /** A version for the next write of a row, unique and increasing per row. */
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

  /** Widens race windows: nothing, a yield, or a short park. */
  static void jitter() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    switch (random.nextInt(4)) {
      case 0 -> {}
      case 1 -> Thread.yield();
      default -> LockSupport.parkNanos(random.nextLong(1_000, 60_000));
    }
  }

  /** Reads a row's version, then dawdles; async reads sometimes complete on another thread. */
  static final class VersionedRows implements Rows {
    private final String name;
    private final Table table;
    private final ExecutorService async;

    VersionedRows(String name, Table table, ExecutorService async) {
      this.name = name;
      this.table = table;
      this.async = async;
    }

    private String read(long id) {
      long version = table.read((int) id);
      jitter(); // the row is read: a write now makes this value stale
      return version + "@" + name;
    }

    private <T> CompletableFuture<T> later(java.util.function.Supplier<T> read) {
      return ThreadLocalRandom.current().nextBoolean()
          ? CompletableFuture.completedFuture(read.get())
          : CompletableFuture.supplyAsync(read, async);
    }

    @Override
    public String get(long id) {
      return read(id);
    }

    @Override
    public CompletableFuture<String> getLater(long id) {
      return later(() -> read(id));
    }

    @Override
    public Optional<String> find(long id) {
      return Optional.of(read(id));
    }

    @Override
    public CompletableFuture<Optional<String>> findLater(long id) {
      return later(() -> Optional.of(read(id)));
    }

    @Override
    public long count(int shard) {
      return KEYS;
    }

    @Override
    public void put(long id, String value) {
      table.write((int) id, Long.parseLong(value));
      jitter();
    }

    @Override
    public void touch(long id) {
      jitter(); // the row was changed elsewhere, before this call
    }
  }

  // ---------------------------------------------------------------- the model

  enum Op {
    GET, GET_LATER, FIND, FIND_LATER, PUT, TOUCH, INVALIDATE_ALL;

    boolean isRead() {
      return ordinal() <= FIND_LATER.ordinal();
    }
  }

  /** What one case runs against: reads go through {@code reader}, writes through {@code writer}. */
  record Setup(Rows reader, Rows writer, Runnable invalidateAll, LongSupplier readerHits) {}

  /** Committed versions, and what the workers saw. Thread-safe. */
  static final class Model {
    /** Versions whose invalidation of get(id) has returned: put, touch, invalidateAll. */
    final AtomicLongArray committedForGet = new AtomicLongArray(KEYS);
    /** Versions whose invalidation of every read method has returned: put, invalidateAll. */
    final AtomicLongArray committedForAll = new AtomicLongArray(KEYS);
    final AtomicInteger violations = new AtomicInteger();
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

    void check(Op op, int key, long snapshot, String value) {
      long version = Long.parseLong(value.substring(0, value.indexOf('@')));
      if (version < snapshot) {
        violations.incrementAndGet();
        if (reported.size() < MAX_REPORTED) {
          reported.add(
              op + "(" + key + ") returned version " + value + " but version " + snapshot
                  + " was committed (its invalidating call had returned) before the call started");
        }
      }
    }

    long operations() {
      return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String summary() {
      return counts + ", " + violations.get() + " violations";
    }
  }

  /** How often each {@link Op} is picked, in percent, in the order of {@link Op#values()}. */
  record Mix(int... percent) {
    static final Mix MOSTLY_READS = new Mix(28, 18, 18, 18, 7, 7, 4);
    /** Many endpoint invalidations, often several at once. */
    static final Mix MANY_ENDPOINT_WRITES = new Mix(20, 15, 15, 15, 5, 15, 15);

    Mix {
      if (percent.length != Op.values().length || java.util.Arrays.stream(percent).sum() != 100) {
        throw new IllegalArgumentException(java.util.Arrays.toString(percent));
      }
    }

    Op pick(ThreadLocalRandom random) {
      int dice = random.nextInt(100);
      for (Op op : Op.values()) {
        dice -= percent[op.ordinal()];
        if (dice < 0) {
          return op;
        }
      }
      throw new AssertionError();
    }
  }

  private static void step(Setup setup, Table table, Model model, Op op, int key) throws Exception {
    if (op.isRead()) {
      long snapshot = model.snapshot(op, key); // before the call starts
      String value =
          switch (op) {
            case GET -> setup.reader().get(key);
            case GET_LATER -> setup.reader().getLater(key).get(10, TimeUnit.SECONDS);
            case FIND -> setup.reader().find(key).orElseThrow();
            default -> setup.reader().findLater(key).get(10, TimeUnit.SECONDS).orElseThrow();
          };
      model.check(op, key, snapshot, value);
      return;
    }
    long version = table.nextVersion(key);
    switch (op) {
      case PUT -> setup.writer().put(key, Long.toString(version)); // writes the row, then invalidates
      case TOUCH -> {
        table.write(key, version);
        setup.writer().touch(key);
      }
      default -> {
        table.write(key, version);
        setup.invalidateAll().run();
      }
    }
    model.commit(op, key, version); // only now: the invalidating call has returned
  }

  private Model run(Setup setup, Table table, Mix mix) throws Exception {
    Model model = new Model();
    CountDownLatch start = new CountDownLatch(1);
    long[] deadline = new long[1];
    List<java.util.concurrent.Future<?>> running = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      running.add(
          workers.submit(
              () -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() - deadline[0] < 0 && model.errors.isEmpty()) {
                  Op op = mix.pick(random);
                  int key = random.nextInt(KEYS);
                  try {
                    step(setup, table, model, op, key);
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
    for (java.util.concurrent.Future<?> worker : running) {
      worker.get(30, TimeUnit.SECONDS); // bounded: each call inside is bounded too
    }
    return model;
  }

  private static void assertWriteWins(String name, Model model, Setup setup) {
    long hits = setup.readerHits().getAsLong();
    System.out.printf(
        "WriteWinsStressTest[%s]: %d operations %s, %d reader hits%n",
        name, model.operations(), model.summary(), hits);
    if (!model.errors.isEmpty()) {
      AssertionError error = new AssertionError(model.errors.size() + " calls failed");
      model.errors.stream().limit(MAX_REPORTED).forEach(error::addSuppressed);
      throw error;
    }
    if (model.violations.get() > 0) {
      fail(
          model.violations.get() + " of " + model.operations()
              + " calls returned a value loaded before a write that had returned; the first:\n  "
              + String.join("\n  ", model.reported));
    }
    assertTrue(hits > 0, "the reader never hit: the run proves nothing about cached values");
    for (Op op : Op.values()) {
      assertTrue(model.counts.get(op).sum() > 0, op + " never ran");
    }
  }

  // ---------------------------------------------------------------- the cases

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("one proxy over an InMemoryCache", false, Mix.MOSTLY_READS),
        Arguments.of("reads and writes through two proxies over one InMemoryCache", true, Mix.MOSTLY_READS),
        Arguments.of(
            "two proxies over one InMemoryCache, many endpoint writes at once",
            true,
            Mix.MANY_ENDPOINT_WRITES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void noCallReturnsAValueLoadedBeforeAWriteThatReturnedBeforeItStarted(
      String name, boolean twoProxies, Mix mix) throws Exception {
    Table table = new Table();
    Cache backend = new InMemoryCache();
    CachedRows reader = CachedRows.wrap(new VersionedRows("reader", table, asyncRows), backend);
    CachedRows writer =
        twoProxies ? CachedRows.wrap(new VersionedRows("writer", table, asyncRows), backend) : reader;
    Setup setup = new Setup(reader, writer, writer::invalidateAll, () -> reader.stats().hits());

    Model model = run(setup, table, mix);

    assertWriteWins(name, model, setup);
  }
}
