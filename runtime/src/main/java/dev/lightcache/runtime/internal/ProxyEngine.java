package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheErrorHandler;
import dev.lightcache.runtime.CacheInvalidator;
import dev.lightcache.runtime.CacheOperation;
import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.InvalidationStrategy;
import dev.lightcache.runtime.InMemoryCache;
import dev.lightcache.runtime.Invocation;
import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.StatsRecorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The behaviour of one proxy instance, shared by all its methods: reads through the cache, single-flight
 * loads, fail-open error handling, invalidation and statistics. Generated methods are one call into it.
 *
 * <p>Thread-safe.
 */
public final class ProxyEngine {

  private final Endpoint endpoint;
  private final Cache cache;
  private final CacheErrorHandler errorHandler;
  private final StatsRecorder recorder;
  private final @Nullable Executor executor;
  private final InvalidationStrategy invalidation;
  /** The built-in in-memory cache itself (not a subclass): entries go under key objects. */
  private final @Nullable InMemoryCache local;
  private final boolean recording;

  private final Counters[] counters;
  private final Counters invalidateAllCounters = new Counters();
  /** Loads in progress, by key: concurrent misses for one key wait for the first one's result. */
  private final ConcurrentHashMap<Key, InFlight> inFlight = new ConcurrentHashMap<>();
  /** Async loads in progress, by key. */
  private final ConcurrentHashMap<Key, CompletableFuture<Object>> inFlightAsync =
      new ConcurrentHashMap<>();
  /**
   * Bumped by every invalidation through this proxy. A load that started before an invalidation does
   * not store its result, which may predate the write.
   */
  private final AtomicLong invalidationEpoch = new AtomicLong();

  /**
   * Creates the engine of one proxy instance; called by {@link dev.lightcache.runtime.ProxyBuilder}.
   *
   * @param endpoint the endpoint
   * @param cache the backend
   * @param errorHandler what backend failures do
   * @param recorder an extra listener for statistics
   * @param executor where async methods run synchronous backend calls, or {@code null} for the
   *     backend's own async methods
   * @param invalidation the invalidation strategy
   */
  public ProxyEngine(
      Endpoint endpoint,
      Cache cache,
      CacheErrorHandler errorHandler,
      StatsRecorder recorder,
      @Nullable Executor executor,
      InvalidationStrategy invalidation) {
    this.endpoint = endpoint;
    this.cache = cache;
    this.errorHandler = errorHandler;
    this.recorder = recorder;
    this.executor = executor;
    this.invalidation = invalidation;
    this.local = cache.getClass() == InMemoryCache.class ? (InMemoryCache) cache : null;
    this.recording = !(recorder instanceof NoRecorder);
    this.counters = new Counters[endpoint.signatures().size()];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new Counters();
    }
  }

  // ---------------------------------------------------------------- synchronous cached calls

  /** What {@link #lookup} returns on a miss. */
  public static final Object MISS = new Object();

  /**
   * Looks a call up: its cached value ({@code null} for a cached null), or {@link #MISS}. Counts a hit
   * or a miss; on a miss the generated method continues with {@link #load}.
   *
   * @param method the method
   * @param key the call's key
   * @return the cached value, or {@link #MISS}
   */
  public @Nullable Object lookup(CachedMethod method, Key key) {
    Object cached = read(method, key);
    if (cached == null) {
      miss(method);
      return MISS;
    }
    hit(method);
    return cached == NullValue.INSTANCE ? null : cached;
  }

  /**
   * Loads a call that missed: calls the delegate once for concurrent misses of one key, stores the
   * result with the method's expiration, and returns it. Exceptions pass through unchanged.
   *
   * @param method the method
   * @param key the call's key
   * @param loader calls the delegate
   * @param <T> the result type
   * @return the delegate's result
   */
  @SuppressWarnings("unchecked")
  public <T> T load(CachedMethod method, Key key, Loader<T> loader) {
    return (T) load(method, key, loader, false);
  }

  /**
   * {@link #load} for a method returning {@code Optional<T>}: the stored value is the content.
   *
   * @param method the method
   * @param key the call's key
   * @param loader calls the delegate
   * @param <T> the optional's content type
   * @return the delegate's result
   */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> loadOptional(CachedMethod method, Key key, Loader<Optional<T>> loader) {
    return (Optional<T>) load(method, key, loader, true);
  }

  private @Nullable Object load(
      CachedMethod method, Key key, Loader<?> loader, boolean optional) {
    InFlight mine = new InFlight();
    InFlight running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      if (running.owner == Thread.currentThread()) {
        // The delegate calls the proxy again with the same key: waiting would deadlock.
        return callDelegate(method, key, loader, optional, false);
      }
      return running.await();
    }
    try {
      Object result = callDelegate(method, key, loader, optional, true);
      mine.complete(result, null);
      return result;
    } catch (Throwable t) {
      mine.complete(null, t);
      throw Throwables.rethrow(t);
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private @Nullable Object callDelegate(
      CachedMethod method, Key key, Loader<?> loader, boolean optional, boolean store) {
    long epoch = invalidationEpoch.get();
    // The clock is read only for a recorder that wants load times.
    long start = recording ? System.nanoTime() : 0;
    Object result;
    try {
      result = loader.load();
    } catch (Throwable t) {
      loadFailure(method, recording ? System.nanoTime() - start : 0);
      throw Throwables.rethrow(t);
    }
    loadSuccess(method, recording ? System.nanoTime() - start : 0);
    if (store && epoch == invalidationEpoch.get()) {
      write(method, key, optional ? ((Optional<?>) result).orElse(null) : result);
    }
    return result;
  }

  /** One load in progress: the loading thread completes it, other threads missing the key wait. */
  private static final class InFlight {
    final Thread owner = Thread.currentThread();
    private boolean done;
    private @Nullable Object result;
    private @Nullable Throwable failure;

    synchronized void complete(@Nullable Object result, @Nullable Throwable failure) {
      this.result = result;
      this.failure = failure;
      this.done = true;
      notifyAll();
    }

    synchronized @Nullable Object await() {
      boolean interrupted = false;
      while (!done) {
        try {
          wait();
        } catch (InterruptedException e) {
          // The load is in progress in another thread and will finish; keep the interrupt for later.
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw Throwables.rethrow(failure);
      }
      return result;
    }
  }

  // ---------------------------------------------------------------- asynchronous cached calls

  /**
   * A cached call returning {@code CompletableFuture<T>} or {@code CompletionStage<T>}: the completed
   * value is stored, in-flight futures are shared, failed futures are not cached.
   *
   * @param method the method
   * @param key the call's key
   * @param loader calls the delegate
   * @param <T> the future's value type
   * @return a future of the result
   */
  public <T> CompletableFuture<T> getAsync(
      CachedMethod method, Key key, Loader<? extends @Nullable CompletionStage<T>> loader) {
    return readThenLoadAsync(method, key, loader, false);
  }

  /**
   * A cached call returning a future of an {@code Optional<T>}: the stored value is the optional's
   * content.
   *
   * @param method the method
   * @param key the call's key
   * @param loader calls the delegate
   * @param <T> the optional's content type
   * @return a future of the result
   */
  public <T> CompletableFuture<Optional<T>> getOptionalAsync(
      CachedMethod method,
      Key key,
      Loader<? extends @Nullable CompletionStage<Optional<T>>> loader) {
    return readThenLoadAsync(method, key, loader, true);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> readThenLoadAsync(
      CachedMethod method,
      Key key,
      Loader<? extends @Nullable CompletionStage<?>> loader,
      boolean optional) {
    CompletableFuture<@Nullable Object> lookup = readAsync(method, key);
    if (lookup.isDone()) {
      // The common case for local caches: decide in the caller's thread, so that an exception the
      // delegate throws (rather than returns in a failed future) reaches the caller unchanged.
      Object cached = lookup.join();
      return (CompletableFuture<T>) (cached != null
          ? completedHit(method, cached, optional)
          : loadAsync(method, key, loader, optional));
    }
    return (CompletableFuture<T>)
        lookup.thenCompose(
            cached -> cached != null
                ? completedHit(method, cached, optional)
                : loadAsync(method, key, loader, optional));
  }

  private CompletableFuture<@Nullable Object> completedHit(
      CachedMethod method, Object cached, boolean optional) {
    hit(method);
    Object value = cached == NullValue.INSTANCE ? null : cached;
    return CompletableFuture.completedFuture(optional ? Optional.ofNullable(value) : value);
  }

  private CompletableFuture<@Nullable Object> loadAsync(
      CachedMethod method,
      Key key,
      Loader<? extends @Nullable CompletionStage<?>> loader,
      boolean optional) {
    miss(method);
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = inFlightAsync.putIfAbsent(key, mine);
    if (running != null) {
      return running.copy();
    }
    long epoch = invalidationEpoch.get();
    long start = System.nanoTime();
    CompletionStage<?> stage;
    try {
      stage = loader.load();
      if (stage == null) {
        throw new NullPointerException(method.signature() + " returned a null future");
      }
    } catch (Throwable t) {
      inFlightAsync.remove(key, mine);
      loadFailure(method, System.nanoTime() - start);
      mine.completeExceptionally(t);
      throw Throwables.rethrow(t);
    }
    stage.whenComplete(
        (result, error) -> {
          if (error != null) {
            loadFailure(method, System.nanoTime() - start);
            inFlightAsync.remove(key, mine);
            mine.completeExceptionally(error);
            return;
          }
          loadSuccess(method, System.nanoTime() - start);
          if (epoch == invalidationEpoch.get()) {
            writeAsync(method, key, optional ? ((Optional<?>) result).orElse(null) : result);
          }
          inFlightAsync.remove(key, mine);
          mine.complete(result);
        });
    return mine.copy();
  }

  // ---------------------------------------------------------------- invalidation

  /**
   * Runs the invalidation strategy after an invalidating method returned normally.
   *
   * @param method the method
   * @param result what it returned ({@code null} for {@code void})
   * @param arguments its arguments
   */
  public void invalidate(
      InvalidatingMethod method, @Nullable Object result, @Nullable Object... arguments) {
    invalidationEpoch.incrementAndGet();
    Invocation invocation =
        new Invocation(
            endpoint.namespace(),
            method.name(),
            method.signature(),
            method.verb(),
            Arrays.asList(arguments),
            result,
            method.targets());
    try {
      invalidation.invalidate(invocation, new Invalidator(counters[method.index()]));
    } catch (RuntimeException e) {
      cacheError(counters[method.index()], method.signature(), CacheOperation.INVALIDATE, method.signature(), e);
    }
    counters[method.index()].invalidations.increment();
    recorder.recordInvalidation(method.signature());
  }

  /**
   * An invalidating method returning a future: invalidates when the future completes normally, and
   * returns a future that completes after that.
   *
   * @param method the method
   * @param result the delegate's future
   * @param arguments its arguments
   * @param <T> the future's value type
   * @return a future completed with the delegate's value once the invalidation ran
   */
  public <T> CompletableFuture<T> invalidateAsync(
      InvalidatingMethod method, CompletionStage<T> result, @Nullable Object... arguments) {
    Objects.requireNonNull(result, () -> method.signature() + " returned a null future");
    return result.toCompletableFuture()
        .thenApply(
            value -> {
              invalidate(method, value, arguments);
              return value;
            });
  }

  /** Removes every entry of the endpoint. */
  public void invalidateAll() {
    invalidationEpoch.incrementAndGet();
    invalidatePrefix(invalidateAllCounters, "invalidateAll()", endpoint.keyPrefix());
    invalidateAllCounters.invalidations.increment();
    recorder.recordInvalidation("invalidateAll()");
  }

  private void invalidatePrefix(Counters slot, String signature, String prefix) {
    try {
      cache.invalidatePrefix(prefix);
    } catch (RuntimeException e) {
      cacheError(slot, signature, CacheOperation.INVALIDATE, prefix, e);
    }
  }

  private final class Invalidator implements CacheInvalidator {
    private final Counters slot;

    Invalidator(Counters slot) {
      this.slot = slot;
    }

    @Override
    public void invalidateKey(String method, @Nullable Object... keyArguments) {
      CachedMethod target = uniqueMethod(method);
      Key key = target.keyFor(keyArguments);
      try {
        if (local != null) {
          local.deleteEntry(key);
        } else {
          cache.delete(key.text());
        }
      } catch (RuntimeException e) {
        cacheError(slot, target.signature(), CacheOperation.DELETE, key.text(), e);
      }
    }

    @Override
    public void invalidateMethod(String method) {
      for (CachedMethod target : methods(method)) {
        invalidatePrefix(slot, target.signature(), target.keyPrefix());
      }
    }

    @Override
    public void invalidateEndpoint() {
      invalidatePrefix(slot, "invalidateEndpoint()", endpoint.keyPrefix());
    }
  }

  private List<CachedMethod> methods(String signatureOrName) {
    boolean bySignature = signatureOrName.indexOf('(') >= 0;
    List<CachedMethod> found = new ArrayList<>(1);
    for (CachedMethod method : endpoint.cachedMethods()) {
      if (bySignature ? method.signature().equals(signatureOrName) : method.name().equals(signatureOrName)) {
        found.add(method);
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          signatureOrName + " is not a cached method of " + endpoint.namespace());
    }
    return found;
  }

  private CachedMethod uniqueMethod(String signatureOrName) {
    List<CachedMethod> found = methods(signatureOrName);
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          signatureOrName + " names " + found.size() + " overloads of " + endpoint.namespace()
              + "; pass a signature such as " + found.get(0).signature());
    }
    return found.get(0);
  }

  // ---------------------------------------------------------------- backend access, fail open

  private @Nullable Object read(CachedMethod method, Key key) {
    if (local != null) {
      // Entries under key objects were stored by this proxy class for this very method: no type check.
      return local.getEntry(key);
    }
    Object value;
    try {
      value = cache.get(key.text(), method.valueType());
    } catch (RuntimeException e) {
      cacheError(counters[method.index()], method.signature(), CacheOperation.GET, key.text(), e);
      return null;
    }
    return accepted(method, value);
  }

  /** A backend that hands back a value of the wrong type holds a stale or corrupt entry: a miss. */
  private static @Nullable Object accepted(CachedMethod method, @Nullable Object value) {
    return value == null || value == NullValue.INSTANCE || method.valueType().isInstance(value)
        ? value
        : null;
  }

  private CompletableFuture<@Nullable Object> readAsync(CachedMethod method, Key key) {
    CompletionStage<?> stage;
    try {
      if (local != null) {
        stage = CompletableFuture.completedFuture(local.getEntry(key));
      } else {
        String text = key.text();
        stage =
            executor == null
                ? cache.getAsync(text, method.valueType())
                : CompletableFuture.supplyAsync(() -> cache.get(text, method.valueType()), executor);
      }
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage
        .toCompletableFuture()
        .handle(
            (value, error) -> {
              if (error != null) {
                cacheError(
                    counters[method.index()], method.signature(), CacheOperation.GET, key.text(),
                    unwrap(error));
                return null;
              }
              return accepted(method, value);
            });
  }

  private void write(CachedMethod method, Key key, @Nullable Object value) {
    Object stored = storable(method, value);
    if (stored == null) {
      return;
    }
    try {
      if (local != null) {
        local.setEntry(key, stored, method.expiration());
      } else {
        cache.set(key.text(), stored, method.expiration());
      }
    } catch (RuntimeException e) {
      cacheError(counters[method.index()], method.signature(), CacheOperation.SET, key.text(), e);
    }
  }

  private void writeAsync(CachedMethod method, Key key, @Nullable Object value) {
    Object stored = storable(method, value);
    if (stored == null) {
      return;
    }
    if (local != null) {
      write(method, key, value);
      return;
    }
    String text = key.text();
    CompletionStage<?> stage;
    try {
      stage =
          executor == null
              ? cache.setAsync(text, stored, method.expiration())
              : CompletableFuture.runAsync(() -> cache.set(text, stored, method.expiration()), executor);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete(
        (ignored, error) -> {
          if (error != null) {
            cacheError(
                counters[method.index()], method.signature(), CacheOperation.SET, text, unwrap(error));
          }
        });
  }

  private static @Nullable Object storable(CachedMethod method, @Nullable Object value) {
    if (value != null) {
      return value;
    }
    return method.cacheNulls() ? NullValue.INSTANCE : null;
  }

  private static RuntimeException unwrap(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof RuntimeException re ? re : new CompletionException(cause);
  }

  private void cacheError(
      Counters slot, String signature, CacheOperation operation, String key, RuntimeException e) {
    slot.cacheErrors.increment();
    recorder.recordCacheError(signature, operation);
    errorHandler.handle(operation, key, e);
  }

  // ---------------------------------------------------------------- statistics

  private void hit(CachedMethod method) {
    counters[method.index()].hits.increment();
    if (recording) {
      recorder.recordHit(method.signature());
    }
  }

  private void miss(CachedMethod method) {
    counters[method.index()].misses.increment();
    if (recording) {
      recorder.recordMiss(method.signature());
    }
  }

  private void loadSuccess(CachedMethod method, long nanos) {
    counters[method.index()].loads.increment();
    if (recording) {
      recorder.recordLoadSuccess(method.signature(), nanos);
    }
  }

  private void loadFailure(CachedMethod method, long nanos) {
    Counters slot = counters[method.index()];
    slot.loads.increment();
    slot.loadFailures.increment();
    if (recording) {
      recorder.recordLoadFailure(method.signature(), nanos);
    }
  }

  /** A snapshot of the counters: totals and per method. */
  public CacheStats stats() {
    List<String> signatures = endpoint.signatures();
    Map<String, CacheStats> byMethod = new HashMap<>();
    long hits = 0, misses = 0, loads = 0, loadFailures = 0, cacheErrors = 0, invalidations = 0;
    for (int i = 0; i < counters.length; i++) {
      CacheStats s = counters[i].snapshot();
      byMethod.put(signatures.get(i), s);
      hits += s.hits();
      misses += s.misses();
      loads += s.loads();
      loadFailures += s.loadFailures();
      cacheErrors += s.cacheErrors();
      invalidations += s.invalidations();
    }
    CacheStats all = invalidateAllCounters.snapshot();
    return new CacheStats(
        hits,
        misses,
        loads,
        loadFailures,
        cacheErrors + all.cacheErrors(),
        invalidations + all.invalidations(),
        byMethod);
  }

  @Override
  public String toString() {
    return "ProxyEngine[" + endpoint.keyPrefix() + " on " + cache + "]";
  }
}
