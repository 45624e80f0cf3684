package dev.lightcache.benchmarks.contenders;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductEndpoint;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * <b>Not shipped code.</b> A prototype of what the generated proxy and the in-memory path could do,
 * written out by hand to measure the recommendations in {@code docs/benchmarks.md}. The shipped proxy
 * already uses key objects and creates its loader lambda only on a miss; this goes further:
 *
 * <ul>
 *   <li>a key of one {@code long} is 24 bytes: method descriptor and value, no cached-text field (the
 *       text is rendered only for backends that need it, by {@link Object#toString()});
 *   <li>a specialised key class per argument shape ({@code long, String, int}): no varargs array, no
 *       boxing, hash computed once in the constructor;
 *   <li>the method descriptor's hash is a final field, not an identity hash;
 *   <li>no second type check: the in-memory cache returns what this method stored;
 *   <li>the same backend as {@code InMemoryCache} (Caffeine, per-entry {@link Expiry}, values wrapped
 *       in an entry) and the same per-method hit/miss counters as the proxy, so the comparison with
 *       {@code GENERATED} isolates key and call overhead.
 * </ul>
 *
 * It does no single-flight on misses, which the proxy does; the miss benchmark says what that costs.
 */
public final class StructuredKeyPrototype implements ProductEndpoint {

  /** What a generated {@code CachedMethod} constant would carry. */
  public static final class MethodDescriptor {
    final String prefix;
    final int hash;
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();

    /**
     * A descriptor.
     *
     * @param prefix the key prefix, as the generated proxy's
     */
    public MethodDescriptor(String prefix) {
      this.prefix = prefix;
      this.hash = prefix.hashCode();
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return prefix;
    }
  }

  /** Key of a one-{@code long} method: 24 bytes with compressed oops. */
  public static final class LongKey {
    final MethodDescriptor method;
    final long a;

    /**
     * A key.
     *
     * @param method the method
     * @param a the argument
     */
    public LongKey(MethodDescriptor method, long a) {
      this.method = method;
      this.a = a;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LongKey k && k.method == method && k.a == a;
    }

    @Override
    public int hashCode() {
      return method.hash * 31 + Long.hashCode(a);
    }

    @Override
    public String toString() {
      return method.prefix + a;
    }
  }

  /** Key of a {@code (long, String, int)} method: hash computed once, in the constructor. */
  public static final class LongStringIntKey {
    final MethodDescriptor method;
    final long a;
    final String b;
    final int c;
    final int hash;

    /**
     * A key.
     *
     * @param method the method
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     */
    public LongStringIntKey(MethodDescriptor method, long a, String b, int c) {
      this.method = method;
      this.a = a;
      this.b = b;
      this.c = c;
      this.hash = ((method.hash * 31 + Long.hashCode(a)) * 31 + b.hashCode()) * 31 + c;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LongStringIntKey k
          && k.method == method
          && k.a == a
          && k.c == c
          && k.b.equals(b);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return method.prefix + a + ',' + Settings.escape(b) + ',' + c;
    }
  }

  private record Entry(Object value, long expirationNanos) {}

  private static final class PerEntryExpiry implements Expiry<Object, Entry> {
    @Override
    public long expireAfterCreate(Object key, Entry entry, long currentTime) {
      return entry.expirationNanos;
    }

    @Override
    public long expireAfterUpdate(Object key, Entry entry, long currentTime, long currentDuration) {
      return entry.expirationNanos;
    }

    @Override
    public long expireAfterRead(Object key, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  private static final MethodDescriptor GET0 = new MethodDescriptor(Settings.PREFIX_GET0);
  private static final MethodDescriptor GET1 = new MethodDescriptor(Settings.PREFIX_GET1);
  private static final MethodDescriptor GET3 = new MethodDescriptor(Settings.PREFIX_GET3);
  private static final long EXPIRATION_NANOS = Settings.EXPIRATION.toNanos();

  private final ProductEndpoint delegate;
  private final Cache<Object, Entry> cache;

  StructuredKeyPrototype(ProductEndpoint delegate, long maximumSize) {
    this.delegate = delegate;
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new PerEntryExpiry()).build();
  }

  @Override
  public Product get() {
    Entry e = cache.getIfPresent(GET0); // the descriptor is the key: no allocation
    if (e != null) {
      GET0.hits.increment();
      return (Product) e.value;
    }
    return load(GET0, GET0, () -> delegate.get());
  }

  @Override
  public Product get(long id) {
    LongKey key = new LongKey(GET1, id);
    Entry e = cache.getIfPresent(key);
    if (e != null) {
      GET1.hits.increment();
      return (Product) e.value;
    }
    return load(GET1, key, () -> delegate.get(id)); // the lambda exists only on a miss
  }

  @Override
  public Product get(long id, String region, int version) {
    LongStringIntKey key = new LongStringIntKey(GET3, id, region, version);
    Entry e = cache.getIfPresent(key);
    if (e != null) {
      GET3.hits.increment();
      return (Product) e.value;
    }
    return load(GET3, key, () -> delegate.get(id, region, version));
  }

  private Product load(MethodDescriptor method, Object key, Supplier<Product> loader) {
    method.misses.increment();
    Product p = loader.get();
    cache.put(key, new Entry(p, EXPIRATION_NANOS));
    return p;
  }
}
