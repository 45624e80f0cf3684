package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Cache;
import dev.lightcache.runtime.CacheErrorHandler;
import dev.lightcache.runtime.CacheInvalidator;
import dev.lightcache.runtime.CacheOperation;
import dev.lightcache.runtime.CacheStats;
import dev.lightcache.runtime.InvalidationStrategy;
import dev.lightcache.runtime.Invocation;
import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ProxyBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The behaviour of one proxy instance, shared by all its methods: reads through the {@link Backend},
 * single-flight loads ({@link SingleFlight}), fenced stores ({@link WriteFence}), invalidation and
 * statistics ({@link ProxyStats}). Generated methods are one or two calls into it.
 *
 * <p>Thread-safe.
 */
public final class ProxyEngine {

  private static final System.Logger LOGGER = System.getLogger("dev.lightcache");

  private final Endpoint endpoint;
  private final Backend backend;
  private final CacheErrorHandler errorHandler;
  private final InvalidationStrategy invalidation;
  private final ProxyStats stats;
  /** What metrics binders read; held for the engine's life, as they hold it weakly. */
  private final ProxyCounters counters;
  private final SingleFlight flights = new SingleFlight();
  private final @Nullable Executor executor;
  /** Whether entries are type-checked: text entries may come from anywhere, key-object ones may not. */
  private final boolean checksTypes;

  private ProxyEngine(
      Endpoint endpoint,
      Cache cache,
      CacheErrorHandler errorHandler,
      ProxyStats stats,
      @Nullable Executor executor,
      InvalidationStrategy invalidation) {
    this.endpoint = endpoint;
    this.errorHandler = errorHandler;
    this.invalidation = invalidation;
    this.stats = stats;
    this.executor = executor;
    this.backend = Backend.over(cache, this::failed, executor);
    this.checksTypes = !(backend instanceof KeyedBackend);
    this.counters = new ProxyCounters(endpoint, stats, cache);
  }

  /**
   * The engine of a new proxy, from a generated builder's settings.
   *
   * @param endpoint the generated class's endpoint
   * @param builder the builder
   * @return the engine
   */
  public static ProxyEngine create(Endpoint endpoint, ProxyBuilder<?, ?> builder) {
    InternalAccess.Builders settings = InternalAccess.builders();
    return new ProxyEngine(
        endpoint,
        settings.cache(builder),
        settings.errorHandler(builder),
        new ProxyStats(endpoint, settings.statsRecorder(builder)),
        settings.executor(builder),
        settings.invalidation(builder));
  }

  // ---------------------------------------------------------------- synchronous cached calls

  /**
   * Looks a call up: its cached value ({@code null} for a cached null), or a {@link Miss} that the
   * generated method passes to {@link #load}. Counts a hit or a miss. An entry that is not exactly of
   * the method's type (a cached null where nulls are not cached, another type) is a miss and is
   * deleted.
   *
   * @param method the method
   * @param key the call's key
   * @return the cached value, or a {@link Miss}
   */
  public @Nullable Object lookup(CachedMethod method, Key key) {
    if (skips(method)) {
      stats.miss(method);
      return Miss.SKIPPED;
    }
    return accept(method, key, backend.read(method, key));
  }

  /**
   * Whether this proxy does not cache {@code method} at all: it returns responses (status, headers and
   * body) and the backend may serialise them, so it could not give them back as they were. Warns once
   * per method.
   */
  private boolean skips(CachedMethod method) {
    if (!method.isResponse() || backend.keepsObjects()) {
      return false;
    }
    if (method.warnedUnstorable.compareAndSet(false, true)) {
      LOGGER.log(
          System.Logger.Level.WARNING,
          "Lightcache: {0} returns responses with a status, which {1} may not give back as they were"
              + " stored; the method is not cached over this backend. Cache its body instead (return"
              + " the entity), or use InMemoryCache.",
          method.endpoint().namespace() + "." + method.signature(),
          backend.cache.getClass().getName());
    }
    return true;
  }

  private @Nullable Object accept(CachedMethod method, Key key, Object found) {
    if (found instanceof Miss) {
      stats.miss(method);
      return found;
    }
    if (!isExact(method, found)) {
      return reject(method, key);
    }
    stats.hit(method);
    return found == NullValue.INSTANCE ? null : found;
  }

  /**
   * Whether a value read from the backend is exactly an entry of the method: a cached null only where
   * nulls are cached (and can be returned), otherwise a value of its type. Key-object entries were
   * stored by this very method, so only text entries (which may come from anywhere) are type-checked.
   */
  private boolean isExact(CachedMethod method, Object found) {
    if (found == NullValue.INSTANCE) {
      return method.nullable();
    }
    return !checksTypes || method.valueType().isInstance(found);
  }

  private Miss reject(CachedMethod method, Key key) {
    backend.discard(method, key);
    stats.miss(method);
    return Miss.ABSENT;
  }

  /**
   * Loads a call that missed: calls the delegate once for concurrent misses of one key, stores the
   * result with the method's expiration unless an invalidation covering the key came in the meantime
   * (or the read failed), and returns it. Exceptions pass through unchanged.
   *
   * @param method the method
   * @param key the call's key
   * @param miss what {@link #lookup} returned
   * @param loader calls the delegate
   * @param <T> the result type
   * @return the delegate's result
   */
  @SuppressWarnings("unchecked")
  public <T> T load(CachedMethod method, Key key, Miss miss, Loader<T> loader) {
    return (T) load(method, key, miss, loader, false);
  }

  /**
   * {@link #load} for a method returning {@code Optional<T>}: the stored value is the content.
   *
   * @param method the method
   * @param key the call's key
   * @param miss what {@link #lookup} returned
   * @param loader calls the delegate
   * @param <T> the optional's content type
   * @return the delegate's result
   */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> loadOptional(
      CachedMethod method, Key key, Miss miss, Loader<Optional<T>> loader) {
    return (Optional<T>) load(method, key, miss, loader, true);
  }

  private @Nullable Object load(
      CachedMethod method, Key key, Miss miss, Loader<?> loader, boolean optional) {
    if (miss == Miss.SKIPPED) {
      return callDelegate(method, loader);
    }
    SingleFlight.Flight mine = new SingleFlight.Flight(backend.fence.begin());
    SingleFlight.Flight running = flights.claim(key, mine, backend.fence);
    if (running != null) {
      if (miss.storesResult()) {
        backend.joined(method, key); // its miss is not followed by a fill of its own
      }
      if (running.owner != Thread.currentThread()) {
        Object joined = running.await();
        if (joined != SingleFlight.Flight.INTERRUPTED) {
          Object confirmed = confirm(method, key, joined, optional);
          if (confirmed != STALE) {
            return confirmed;
          }
          long since = backend.fence.begin();
          Object result = callDelegate(method, loader);
          if (miss.storesResult()) {
            store(method, key, result, optional, since);
          }
          return result;
        }
      }
      // The delegate calls the proxy again with the same key (waiting would deadlock), or this thread
      // was interrupted while waiting: the call goes to the delegate as if it were not cached.
      return callDelegate(method, loader);
    }
    try {
      Object result = callDelegate(method, loader);
      if (miss.storesResult()) {
        store(method, key, result, optional, mine.since);
      }
      mine.succeed(result);
      return result;
    } catch (Throwable t) {
      backend.abandon(method, key);
      mine.fail(t);
      throw Throwables.rethrow(t);
    } finally {
      flights.finish(key, mine);
    }
  }

  /** What {@link #confirm} returns when a joined load may predate an invalidation. */
  private static final Object STALE = new Object();

  /**
   * Whether the value of a load this call joined may be returned. An invalidation made through this
   * backend in this process is seen by the fence before joining; one made by another process over a
   * shared backend only reaches the backend. The load stored its value before it completed, unless
   * an invalidation came after it started (a fenced backend such as {@code DefaultRedisCache} refuses
   * that store): so the joined value stands if the backend holds an entry now, and otherwise this call
   * loads for itself. A backend that cannot be read cannot tell: the joined value stands.
   *
   * @return the value to return (the entry found, or {@code joined}), or {@link #STALE}
   */
  private @Nullable Object confirm(CachedMethod method, Key key, @Nullable Object joined, boolean optional) {
    if (!backend.sharedAcrossProcesses()) {
      return joined;
    }
    Object found = backend.read(method, key);
    if (found == Miss.UNREADABLE) {
      return joined;
    }
    if (found instanceof Miss || !isExact(method, found)) {
      return STALE;
    }
    Object value = found == NullValue.INSTANCE ? null : found;
    return optional ? Optional.ofNullable(value) : value;
  }

  private @Nullable Object callDelegate(CachedMethod method, Loader<?> loader) {
    long start = stats.startLoad();
    Object result;
    try {
      result = loader.load();
    } catch (Throwable t) {
      stats.loadFailure(method, start);
      throw Throwables.rethrow(t);
    }
    stats.loadSuccess(method, start);
    return result;
  }

  /** The content of an {@code Optional} a delegate returned ({@code null} for a null optional). */
  private static @Nullable Object content(@Nullable Object optional) {
    return optional instanceof Optional<?> o ? o.orElse(null) : null;
  }

  /**
   * What a delegate's result is stored as: an {@code Optional}'s content, the cached-null marker where
   * nulls are cached; {@code null} when nothing is stored (a null where nulls are not cached, a response
   * without a 2xx status).
   */
  private static @Nullable Object storedForm(CachedMethod method, @Nullable Object result, boolean optional) {
    Object value = optional ? content(result) : result;
    if (value == null) {
      return method.nullable() ? NullValue.INSTANCE : null;
    }
    return method.isStorable(value) ? value : null;
  }

  private void store(CachedMethod method, Key key, @Nullable Object result, boolean optional, long since) {
    Object stored = storedForm(method, result, optional);
    if (stored != null) {
      backend.store(method, key, stored, since);
    } else {
      backend.abandon(method, key);
    }
  }

  // ---------------------------------------------------------------- asynchronous cached calls

  /**
   * A cached call returning {@code CompletableFuture<T>} or {@code CompletionStage<T>}: the completed
   * value is stored, in-flight futures are shared, failed futures are not cached. The delegate is
   * called in the caller's thread, or on the proxy's executor when it has one; never on a backend's
   * thread.
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
    if (skips(method)) {
      stats.miss(method);
      return (CompletableFuture<T>) callAsync(method, loader);
    }
    if (executor == null || backend instanceof KeyedBackend) {
      // Read and decide in the caller's thread, so that an exception the delegate throws (rather than
      // returns in a failed future) reaches the caller unchanged.
      return (CompletableFuture<T>)
          hitOrLoadAsync(method, key, backend.read(method, key), loader, optional);
    }
    // The read may block: it runs on the proxy's executor, and so does the delegate on a miss.
    return (CompletableFuture<T>)
        CompletableFuture.supplyAsync(
                () -> hitOrLoadAsync(method, key, backend.read(method, key), loader, optional),
                executor)
            .thenCompose(future -> future);
  }

  private CompletableFuture<@Nullable Object> hitOrLoadAsync(
      CachedMethod method,
      Key key,
      Object found,
      Loader<? extends @Nullable CompletionStage<?>> loader,
      boolean optional) {
    Object accepted = accept(method, key, found);
    if (accepted instanceof Miss miss) {
      return loadAsync(method, key, miss, loader, optional);
    }
    return CompletableFuture.completedFuture(optional ? Optional.ofNullable(accepted) : accepted);
  }

  private CompletableFuture<@Nullable Object> loadAsync(
      CachedMethod method,
      Key key,
      Miss miss,
      Loader<? extends @Nullable CompletionStage<?>> loader,
      boolean optional) {
    SingleFlight.Flight mine = new SingleFlight.Flight(backend.fence.begin());
    SingleFlight.Flight running = flights.claim(key, mine, backend.fence);
    if (running != null) {
      if (miss.storesResult()) {
        backend.joined(method, key); // its miss is not followed by a fill of its own
      }
      if (!backend.sharedAcrossProcesses()) {
        return running.copy();
      }
      // The joined load completes on whatever thread finished its store, often one of the backend's
      // own: the confirming read (which may block) and any reload run on the proxy's executor instead,
      // or the common pool, so that a delegate never runs on a backend's thread.
      return running
          .copy()
          .thenComposeAsync(
              joined -> {
                Object confirmed = confirm(method, key, joined, optional);
                return confirmed != STALE
                    ? CompletableFuture.completedFuture(confirmed)
                    : loadAsync(method, key, Miss.ABSENT, loader, optional);
              },
              executor != null ? executor : ForkJoinPool.commonPool());
    }
    long start = stats.startLoad();
    CompletionStage<?> stage;
    try {
      stage = callLoader(method, loader);
    } catch (Throwable t) {
      try {
        stats.loadFailure(method, start);
        backend.abandon(method, key);
      } finally {
        flights.finish(key, mine);
        mine.completeExceptionally(t);
      }
      throw Throwables.rethrow(t);
    }
    // The caller gets the delegate's result at once; callers that joined get it once it is stored, so
    // that they can tell a stored value from one a fenced backend refused (see confirm).
    CompletableFuture<@Nullable Object> own = new CompletableFuture<>();
    stage.whenComplete(
        (result, error) -> {
          CompletableFuture<?> stored = STORED;
          try {
            if (error != null) {
              stats.loadFailure(method, start);
              backend.abandon(method, key);
            } else {
              stats.loadSuccess(method, start);
              if (miss.storesResult()) {
                stored = storeAsync(method, key, result, optional, mine.since);
              }
            }
          } catch (Throwable t) {
            stored = STORED; // a failing recorder or store ends the load all the same
          } finally {
            if (error != null) {
              own.completeExceptionally(error);
            } else {
              own.complete(result);
            }
            // Whatever happened above, the load ends: no later call may wait on it forever.
            stored
                .orTimeout(STORE_WAIT_SECONDS, TimeUnit.SECONDS)
                .whenComplete(
                    (ignored, storeError) -> {
                      flights.finish(key, mine);
                      if (error != null) {
                        mine.completeExceptionally(error);
                      } else {
                        mine.complete(result);
                      }
                    });
          }
        });
    return own;
  }

  /** Calls the delegate of a method this proxy does not cache, counting the load. */
  private CompletableFuture<@Nullable Object> callAsync(
      CachedMethod method, Loader<? extends @Nullable CompletionStage<?>> loader) {
    long start = stats.startLoad();
    CompletionStage<?> stage;
    try {
      stage = callLoader(method, loader);
    } catch (Throwable t) {
      stats.loadFailure(method, start);
      throw Throwables.rethrow(t);
    }
    CompletableFuture<@Nullable Object> own = new CompletableFuture<>();
    stage.whenComplete(
        (result, error) -> {
          try {
            if (error != null) {
              stats.loadFailure(method, start);
            } else {
              stats.loadSuccess(method, start);
            }
          } finally {
            if (error != null) {
              own.completeExceptionally(error);
            } else {
              own.complete(result);
            }
          }
        });
    return own;
  }

  private static CompletionStage<?> callLoader(
      CachedMethod method, Loader<? extends @Nullable CompletionStage<?>> loader) throws Throwable {
    CompletionStage<?> stage = loader.load();
    if (stage == null) {
      throw new NullPointerException(method.signature() + " returned a null future");
    }
    return stage;
  }

  /** A store that is already over. */
  private static final CompletableFuture<?> STORED = CompletableFuture.completedFuture(null);

  /** How long callers that joined an async load wait for its store before they get its value. */
  private static final long STORE_WAIT_SECONDS = 5;

  private CompletableFuture<?> storeAsync(
      CachedMethod method, Key key, @Nullable Object result, boolean optional, long since) {
    Object stored = storedForm(method, result, optional);
    if (stored == null) {
      backend.abandon(method, key);
      return STORED;
    }
    return backend.storeAsync(method, key, stored, since);
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
      invalidation.invalidate(invocation, new Invalidator(method.index(), method.signature()));
    } catch (RuntimeException e) {
      failed(method.index(), method.signature(), CacheOperation.INVALIDATE, method.signature(), e);
    }
    stats.invalidation(method.index(), method.signature());
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
    // Attached to the delegate's future, not to the one returned: a caller that cancels the returned
    // future or lets it time out stops waiting, but the write goes on and must still invalidate.
    CompletableFuture<T> returned = new CompletableFuture<>();
    result.whenComplete(
        (value, error) -> {
          if (error != null) {
            returned.completeExceptionally(error);
            return;
          }
          try {
            invalidate(method, value, arguments);
          } finally {
            returned.complete(value);
          }
        });
    return returned;
  }

  /** Removes every entry of the endpoint. */
  public void invalidateAll() {
    invalidatePrefix(-1, ProxyStats.INVALIDATE_ALL, endpoint.keyPrefix());
    stats.invalidation(-1, ProxyStats.INVALIDATE_ALL);
  }

  private void invalidatePrefix(int index, String signature, String prefix) {
    try {
      backend.invalidatePrefix(prefix);
    } catch (RuntimeException e) {
      failed(index, signature, CacheOperation.INVALIDATE, prefix, e);
    }
  }

  /** What an invalidation strategy acts on, for one invalidating call. */
  private final class Invalidator implements CacheInvalidator {
    private final int index;
    private final String signature;

    Invalidator(int index, String signature) {
      this.index = index;
      this.signature = signature;
    }

    @Override
    public void invalidateKey(String method, @Nullable Object... keyArguments) {
      CachedMethod target = uniqueMethod(method);
      Key key = target.keyFor(keyArguments);
      try {
        backend.invalidate(target, key);
      } catch (RuntimeException e) {
        failed(index, target.signature(), CacheOperation.DELETE, key.text(), e);
      }
    }

    @Override
    public void invalidateMethod(String method) {
      for (CachedMethod target : methods(method)) {
        invalidatePrefix(index, target.signature(), target.keyPrefix());
      }
    }

    @Override
    public void invalidateEndpoint() {
      invalidatePrefix(index, signature, endpoint.keyPrefix());
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

  // ---------------------------------------------------------------- failures and statistics

  private void failed(
      int index, String signature, CacheOperation operation, String key, RuntimeException error) {
    stats.cacheError(index, signature, operation);
    errorHandler.handle(operation, key, error);
  }

  /** A snapshot of the counters: totals and per method. */
  public CacheStats stats() {
    return counters.snapshot();
  }

  @Override
  public String toString() {
    return "ProxyEngine[" + endpoint.keyPrefix() + " on " + backend.cache + "]";
  }
}
