package dev.lightcache.runtime.internal.reactive;

import static dev.lightcache.runtime.internal.reactive.Completion.nonNull;
import static dev.lightcache.runtime.internal.reactive.Completion.unwrapped;

import dev.lightcache.runtime.internal.CachedMethod;
import dev.lightcache.runtime.internal.InvalidatingMethod;
import dev.lightcache.runtime.internal.Key;
import dev.lightcache.runtime.internal.Loader;
import dev.lightcache.runtime.internal.ProxyEngine;
import dev.lightcache.runtime.internal.reactive.Completion.Write;
import io.reactivex.Completable;
import io.reactivex.Flowable;
import io.reactivex.Maybe;
import io.reactivex.Observable;
import io.reactivex.Single;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * RxJava 2 {@code Single}, {@code Maybe}, {@code Flowable}, {@code Observable} and {@code Completable}. RxJava 2 has no {@code CompletionStage} bridge, so this class has its own.
 */
public final class RxJava2Calls {

  private RxJava2Calls() {}

  /**
   * A cached method returning {@code Single<T>}: the value is stored.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param key the call's key
   * @param delegate calls the delegate
   * @param <T> the value type
   * @return a lazy {@code Single} of the cached or loaded value
   */
  public static <T> Single<T> single(
      ProxyEngine engine, CachedMethod method, Key key, Loader<? extends @Nullable Single<T>> delegate) {
    return Single.defer(
        () ->
            single(
                unwrapped(
                    engine.getAsync(
                        method,
                        key,
                        () -> future(nonNull(delegate.load(), method.signature(), "Single"))))));
  }

  /**
   * A cached method returning {@code Maybe<T>}: the value is stored (an empty {@code Maybe} as a
   * cached null, where nulls are cached).
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param key the call's key
   * @param delegate calls the delegate
   * @param <T> the value type
   * @return a lazy {@code Maybe} of the cached or loaded value
   */
  public static <T> Maybe<T> maybe(
      ProxyEngine engine, CachedMethod method, Key key, Loader<? extends @Nullable Maybe<T>> delegate) {
    return Maybe.defer(
        () ->
            maybe(
                unwrapped(
                    engine.getAsync(
                        method,
                        key,
                        () -> future(nonNull(delegate.load(), method.signature(), "Maybe"))))));
  }

  /**
   * A cached method returning {@code Flowable<T>}: the elements are stored as a list and replayed.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param key the call's key
   * @param delegate calls the delegate
   * @param <T> the element type
   * @return a lazy {@code Flowable} of the cached or loaded elements
   */
  public static <T> Flowable<T> flowable(
      ProxyEngine engine, CachedMethod method, Key key, Loader<? extends @Nullable Flowable<T>> delegate) {
    return Flowable.defer(
        () ->
            single(
                    unwrapped(
                        engine.<List<T>>getAsync(
                            method,
                            key,
                            () -> future(nonNull(delegate.load(), method.signature(), "Flowable")
                                .toList())
                                )))
                .flattenAsFlowable(list -> list));
  }

  /**
   * A cached method returning {@code Observable<T>}: the elements are stored as a list and replayed.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param key the call's key
   * @param delegate calls the delegate
   * @param <T> the element type
   * @return a lazy {@code Observable} of the cached or loaded elements
   */
  public static <T> Observable<T> observable(
      ProxyEngine engine, CachedMethod method, Key key, Loader<? extends @Nullable Observable<T>> delegate) {
    return Observable.defer(
        () ->
            single(
                    unwrapped(
                        engine.<List<T>>getAsync(
                            method,
                            key,
                            () -> future(nonNull(delegate.load(), method.signature(), "Observable")
                                .toList())
                                )))
                .flattenAsObservable(list -> list));
  }

  /**
   * An invalidating method returning {@code Single<T>}: each subscription invalidates once, when the
   * delegate's {@code Single} succeeds or the subscriber disposes of it before it ended.
   */
  public static <T> Single<T> invalidatingSingle(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Single<T> result, @Nullable Object... arguments) {
    Single<T> single = nonNull(result, method.signature(), "Single");
    return Single.defer(() -> {
      Write write = new Write(engine, method, arguments);
      return single.doOnSuccess(write::succeeded).doOnError(write::failed).doOnDispose(write::disposed);
    });
  }

  /**
   * An invalidating method returning {@code Maybe<T>}: each subscription invalidates once, when the
   * delegate's {@code Maybe} succeeds or completes empty, or the subscriber disposes of it before it ended.
   */
  public static <T> Maybe<T> invalidatingMaybe(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Maybe<T> result, @Nullable Object... arguments) {
    Maybe<T> maybe = nonNull(result, method.signature(), "Maybe");
    return Maybe.defer(() -> {
      Write write = new Write(engine, method, arguments);
      return maybe
          .doOnSuccess(write::succeeded)
          .doOnComplete(write::completed)
          .doOnError(write::failed)
          .doOnDispose(write::disposed);
    });
  }

  /**
   * An invalidating method returning {@code Completable}: each subscription invalidates once, when the
   * delegate's {@code Completable} completes or the subscriber disposes of it before it ended.
   */
  public static Completable invalidatingCompletable(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Completable result, @Nullable Object... arguments) {
    Completable completable = nonNull(result, method.signature(), "Completable");
    return Completable.defer(() -> {
      Write write = new Write(engine, method, arguments);
      return completable.doOnComplete(write::completed).doOnError(write::failed).doOnDispose(write::disposed);
    });
  }

  /**
   * An invalidating method returning {@code Flowable<T>}: each subscription invalidates once, when the
   * delegate's {@code Flowable} completes or the subscriber cancels before it ended.
   */
  public static <T> Flowable<T> invalidatingFlowable(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Flowable<T> result, @Nullable Object... arguments) {
    Flowable<T> flowable = nonNull(result, method.signature(), "Flowable");
    return Flowable.defer(() -> {
      Write write = new Write(engine, method, arguments);
      return flowable.doOnComplete(write::completed).doOnError(write::failed).doOnCancel(write::disposed);
    });
  }

  /**
   * An invalidating method returning {@code Observable<T>}: each subscription invalidates once, when the
   * delegate's {@code Observable} completes or the subscriber disposes of it before it ended.
   */
  public static <T> Observable<T> invalidatingObservable(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Observable<T> result, @Nullable Object... arguments) {
    Observable<T> observable = nonNull(result, method.signature(), "Observable");
    return Observable.defer(() -> {
      Write write = new Write(engine, method, arguments);
      return observable.doOnComplete(write::completed).doOnError(write::failed).doOnDispose(write::disposed);
    });
  }

  /** Subscribes to {@code single} and completes a future with its outcome. */
  private static <T> CompletableFuture<T> future(Single<T> single) {
    CompletableFuture<T> future = new CompletableFuture<>();
    single.subscribe(future::complete, future::completeExceptionally);
    return future;
  }

  /** Subscribes to {@code maybe} and completes a future with its value, or {@code null} if empty. */
  private static <T> CompletableFuture<@Nullable T> future(Maybe<T> maybe) {
    CompletableFuture<@Nullable T> future = new CompletableFuture<>();
    maybe.subscribe(future::complete, future::completeExceptionally, () -> future.complete(null));
    return future;
  }

  /** A {@code Single} of a future's outcome; disposing it leaves the future alone. */
  private static <T> Single<T> single(CompletableFuture<T> future) {
    return Single.create(
        emitter ->
            future.whenComplete(
                (value, error) -> {
                  if (error != null) {
                    emitter.tryOnError(error);
                  } else if (value == null) {
                    emitter.tryOnError(new NullPointerException("a Single cannot emit null"));
                  } else {
                    emitter.onSuccess(value);
                  }
                }));
  }

  /** A {@code Maybe} of a future's outcome, empty for {@code null}. */
  private static <T> Maybe<T> maybe(CompletableFuture<@Nullable T> future) {
    return Maybe.create(
        emitter ->
            future.whenComplete(
                (value, error) -> {
                  if (error != null) {
                    emitter.tryOnError(error);
                  } else if (value == null) {
                    emitter.onComplete();
                  } else {
                    emitter.onSuccess(value);
                  }
                }));
  }
}
