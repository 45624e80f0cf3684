package dev.lightcache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.lightcache.benchmarks.contenders.Contender;
import dev.lightcache.benchmarks.contenders.Settings;
import dev.lightcache.benchmarks.model.KeySpace;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductBackend;
import dev.lightcache.benchmarks.model.ProductEndpoint;
import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.internal.CachedMethod;
import dev.lightcache.runtime.internal.Endpoint;
import dev.lightcache.runtime.internal.InternalAccess;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * The generated proxy's one-argument hit, taken apart: each step adds one layer of what the proxy
 * does, from a bare Caffeine read to the full proxy, so the differences say where the time and the
 * bytes go. Same working set as {@link HitBench#hit1}.
 *
 * <ol>
 *   <li>{@code s0_caffeineLongKeyNoExpiry}: Caffeine, {@code Long} key, no expiration (=
 *       CAFFEINE_RAW_NO_EXPIRY, the floor);
 *   <li>{@code s1_caffeineLongKey}: Caffeine, {@code Long} key, fixed expiry (= CAFFEINE_RAW);
 *   <li>{@code s2_caffeineLongKeyEntryExpiry}: + the value wrapped in an entry with a per-entry
 *       {@code Expiry}, as {@code InMemoryCache} stores it;
 *   <li>{@code s3_inMemoryGetEntry}: the runtime's key object ({@code CachedMethod.key(long)}) read
 *       with the key-object entries of {@code InMemoryCache}: key plus backend, no engine;
 *   <li>{@code s3b_inMemoryGetEntryCounted}: s3 plus one {@code LongAdder} increment, as the engine
 *       counts a hit: what exact hit counting costs;
 *   <li>{@code s4_generatedProxy}: the whole generated proxy (engine lookup, type check, counters);
 *   <li>{@code s5_prototype}: the prototype of the recommended code (24-byte key, no second check).
 * </ol>
 *
 * and the text-key path that every backend other than exactly {@code InMemoryCache} gets:
 *
 * <ol>
 *   <li>{@code t1_caffeineConcatKey}: a {@code String} key by concatenation, Caffeine, fixed expiry;
 *   <li>{@code t2_keyBuilderInMemoryGet}: the same text from {@code KeyBuilder}, {@code
 *       InMemoryCache.get(String, ValueType)}, as the engine calls a text backend;
 *   <li>{@code t3_generatedProxyTextKeys}: the whole generated proxy over an {@code InMemoryCache}
 *       subclass (text path).
 * </ol>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class HitPathBreakdownBench {

  private static final Endpoint ENDPOINT =
      new Endpoint("dev.lightcache.benchmarks.model.ProductEndpoint", 1);
  private static final CachedMethod GET1 =
      ENDPOINT.cached("get(long)").keyParameters(1).returning(ValueType.of(Product.class));
  private static final ValueType<Product> PRODUCT = ValueType.of(Product.class);
  private static final InternalAccess.InMemory ENTRIES = InternalAccess.inMemory();

  private record Entry(Object value, long expirationNanos) {}

  private static final class PerEntryExpiry implements Expiry<Long, Entry> {
    @Override
    public long expireAfterCreate(Long key, Entry entry, long currentTime) {
      return entry.expirationNanos;
    }

    @Override
    public long expireAfterUpdate(Long key, Entry entry, long currentTime, long currentDuration) {
      return entry.expirationNanos;
    }

    @Override
    public long expireAfterRead(Long key, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  private KeySpace keys;
  private Cache<Long, Product> byLongNoExpiry;
  private Cache<Long, Product> byLong;
  private final LongAdder hits = new LongAdder();
  private Cache<Long, Entry> byLongEntry;
  private Cache<String, Product> byString;
  private InMemoryCache inMemory;
  private InMemoryCache inMemoryText;
  private ProductEndpoint proxy;
  private ProductEndpoint proxyTextKeys;
  private Contender.Instance prototype;

  @Setup(Level.Trial)
  public void setUp() {
    ProductBackend backend = new ProductBackend();
    keys = KeySpace.sequential(1024);
    byLongNoExpiry = Caffeine.newBuilder().maximumSize(10_000).build();
    byLong = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Settings.EXPIRATION).build();
    byLongEntry = Caffeine.newBuilder().maximumSize(10_000).expireAfter(new PerEntryExpiry()).build();
    byString = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Settings.EXPIRATION).build();
    inMemory = new InMemoryCache(10_000);
    inMemoryText = new InMemoryCache(10_000);
    for (int n = 0; n < keys.size(); n++) {
      int i = keys.advance();
      long id = keys.id(i);
      Product p = backend.get(id);
      byLongNoExpiry.put(id, p);
      byLong.put(id, p);
      byLongEntry.put(id, new Entry(p, Settings.EXPIRATION.toNanos()));
      byString.put(Settings.PREFIX_GET1 + id, p);
      ENTRIES.set(inMemory, GET1.key(id), p, Settings.EXPIRATION);
      inMemoryText.set(GET1.newKey().add(id).build(), p, Settings.EXPIRATION);
    }
    proxy = Contender.GENERATED.create(backend, 10_000).endpoint();
    proxyTextKeys = Contender.GENERATED_TEXT_KEYS.create(backend, 10_000).endpoint();
    prototype = Contender.PROTOTYPE.create(backend, 10_000);
    BenchmarkSupport.fillAndCheck(proxy, backend, KeySpace.sequential(1024));
    BenchmarkSupport.fillAndCheck(proxyTextKeys, backend, KeySpace.sequential(1024));
    BenchmarkSupport.fillAndCheck(prototype.endpoint(), backend, KeySpace.sequential(1024));
    for (int n = 0; n < keys.size(); n++) {
      int i = keys.advance();
      if (ENTRIES.get(inMemory, GET1.key(keys.id(i))) == null
          || inMemoryText.get(GET1.newKey().add(keys.id(i)).build(), PRODUCT) == null) {
        throw new IllegalStateException("breakdown caches not filled");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    prototype.close();
  }

  @Benchmark
  public Object s0_caffeineLongKeyNoExpiry() {
    int i = keys.advance();
    return byLongNoExpiry.getIfPresent(keys.id(i));
  }

  @Benchmark
  public Object s1_caffeineLongKey() {
    int i = keys.advance();
    return byLong.getIfPresent(keys.id(i));
  }

  @Benchmark
  public Object s2_caffeineLongKeyEntryExpiry() {
    int i = keys.advance();
    Entry e = byLongEntry.getIfPresent(keys.id(i));
    return e == null ? null : e.value;
  }

  @Benchmark
  public Object s3_inMemoryGetEntry() {
    int i = keys.advance();
    return ENTRIES.get(inMemory, GET1.key(keys.id(i)));
  }

  @Benchmark
  public Object s3b_inMemoryGetEntryCounted() {
    int i = keys.advance();
    Object value = ENTRIES.get(inMemory, GET1.key(keys.id(i)));
    hits.increment();
    return value;
  }

  @Benchmark
  public Object s4_generatedProxy() {
    int i = keys.advance();
    return proxy.get(keys.id(i));
  }

  @Benchmark
  public Object s5_prototype() {
    int i = keys.advance();
    return prototype.endpoint().get(keys.id(i));
  }

  @Benchmark
  public Object t1_caffeineConcatKey() {
    int i = keys.advance();
    return byString.getIfPresent(Settings.PREFIX_GET1 + keys.id(i));
  }

  @Benchmark
  public Object t2_keyBuilderInMemoryGet() {
    int i = keys.advance();
    return inMemoryText.get(GET1.newKey().add(keys.id(i)).build(), PRODUCT);
  }

  @Benchmark
  public Object t3_generatedProxyTextKeys() {
    int i = keys.advance();
    return proxyTextKeys.get(keys.id(i));
  }
}
