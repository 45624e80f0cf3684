package dev.lightcache.benchmarks;

import dev.lightcache.benchmarks.contenders.Settings;
import dev.lightcache.benchmarks.contenders.StructuredKeyPrototype;
import dev.lightcache.benchmarks.model.KeySpace;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.internal.CachedMethod;
import dev.lightcache.runtime.internal.Endpoint;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Key building alone. {@code runtimeKey*}: the key objects the generated proxy builds for the
 * in-memory cache ({@code CachedMethod.key(...)}); {@code keyBuilder*}: the {@code String} keys it
 * builds for every other backend ({@code KeyBuilder}); {@code concat*}: plain concatenation of the
 * same text; {@code boxedLong1}: the natural key; {@code structured*}: the prototype's keys. The
 * {@code ...Hashed} variants also compute the hash, as a lookup does (a fresh {@code String} hashes
 * every character); there the key may be scalar-replaced, so their B/op can read 0.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class KeyBench {

  private static final Endpoint ENDPOINT =
      new Endpoint("dev.lightcache.benchmarks.model.ProductEndpoint", 1);
  private static final CachedMethod GET1 =
      ENDPOINT.cached("get(long)").keyParameters(1).returning(ValueType.of(Product.class));
  private static final CachedMethod GET3 =
      ENDPOINT
          .cached("get(long,String,int)")
          .keyParameters(3)
          .returning(ValueType.of(Product.class));
  private static final StructuredKeyPrototype.MethodDescriptor S_GET1 =
      new StructuredKeyPrototype.MethodDescriptor(Settings.PREFIX_GET1);
  private static final StructuredKeyPrototype.MethodDescriptor S_GET3 =
      new StructuredKeyPrototype.MethodDescriptor(Settings.PREFIX_GET3);

  private KeySpace keys;

  @Setup(Level.Trial)
  public void setUp() {
    keys = KeySpace.sequential(1024);
    // The hand-written text must be exactly the generated proxy's key.
    for (int n = 0; n < keys.size(); n++) {
      int i = keys.advance();
      String a = GET1.newKey().add(keys.id(i)).build();
      String b = Settings.PREFIX_GET1 + keys.id(i);
      String c =
          GET3.newKey().add(keys.id(i)).add(keys.region(i)).add(keys.version(i)).build();
      String d = Settings.PREFIX_GET3 + keys.id(i) + ',' + Settings.escape(keys.region(i)) + ','
          + keys.version(i);
      String e = new StructuredKeyPrototype.LongKey(S_GET1, keys.id(i)).toString();
      String f = GET1.key(keys.id(i)).text();
      String g = GET3.key(keys.id(i), keys.region(i), keys.version(i)).text();
      if (!a.equals(b) || !c.equals(d) || !a.equals(e) || !a.equals(f) || !c.equals(g)) {
        throw new IllegalStateException("key text differs: " + a + " / " + b + " / " + e + "; " + c + " / " + d);
      }
    }
  }

  @Benchmark
  public Object runtimeKey1() {
    int i = keys.advance();
    return GET1.key(keys.id(i));
  }

  @Benchmark
  public int runtimeKey1Hashed() {
    int i = keys.advance();
    return GET1.key(keys.id(i)).hashCode();
  }

  @Benchmark
  public Object runtimeKey3() {
    int i = keys.advance();
    return GET3.key(keys.id(i), keys.region(i), keys.version(i));
  }

  @Benchmark
  public String keyBuilder1() {
    int i = keys.advance();
    return GET1.newKey().add(keys.id(i)).build();
  }

  @Benchmark
  public int keyBuilder1Hashed() {
    int i = keys.advance();
    return GET1.newKey().add(keys.id(i)).build().hashCode();
  }

  @Benchmark
  public String keyBuilder3() {
    int i = keys.advance();
    return GET3.newKey().add(keys.id(i)).add(keys.region(i)).add(keys.version(i)).build();
  }

  @Benchmark
  public String concat1() {
    int i = keys.advance();
    return Settings.PREFIX_GET1 + keys.id(i);
  }

  @Benchmark
  public String concat3() {
    int i = keys.advance();
    return Settings.PREFIX_GET3 + keys.id(i) + ',' + Settings.escape(keys.region(i)) + ','
        + keys.version(i);
  }

  @Benchmark
  public Long boxedLong1() {
    int i = keys.advance();
    return keys.id(i);
  }

  @Benchmark
  public Object structured1() {
    int i = keys.advance();
    return new StructuredKeyPrototype.LongKey(S_GET1, keys.id(i));
  }

  @Benchmark
  public int structured1Hashed() {
    int i = keys.advance();
    Object key = new StructuredKeyPrototype.LongKey(S_GET1, keys.id(i));
    return key.hashCode();
  }

  @Benchmark
  public Object structured3() {
    int i = keys.advance();
    return new StructuredKeyPrototype.LongStringIntKey(S_GET3, keys.id(i), keys.region(i), keys.version(i));
  }
}
