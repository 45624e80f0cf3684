package dev.lightcache.runtime.internal.reactive;

import static dev.lightcache.runtime.internal.reactive.Completion.nonNull;
import static dev.lightcache.runtime.internal.reactive.Completion.unwrapped;

import dev.lightcache.runtime.internal.CachedMethod;
import dev.lightcache.runtime.internal.InvalidatingMethod;
import dev.lightcache.runtime.internal.Key;
import dev.lightcache.runtime.internal.Loader;
import dev.lightcache.runtime.internal.ProxyEngine;
import dev.lightcache.runtime.internal.reactive.Completion.Write;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** RxJava 3 {@code Single}, {@code Maybe}, {@code Flowable}, {@code Observable} and {@code Completable}. */
public final class RxJava3Calls {

  private RxJava3Calls() {}

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
            Single.fromCompletionStage(
                unwrapped(
                    engine.getAsync(
                        method,
                        key,
                        () -> nonNull(delegate.load(), method.signature(), "Single").toCompletionStage()))));
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
            Maybe.fromCompletionStage(
                unwrapped(
                    engine.getAsync(
                        method,
                        key,
                        () -> nonNull(delegate.load(), method.signature(), "Maybe").toCompletionStage(null)))));
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
            Single.fromCompletionStage(
                    unwrapped(
                        engine.<List<T>>getAsync(
                            method,
                            key,
                            () -> nonNull(delegate.load(), method.signature(), "Flowable")
                                .toList()
                                .toCompletionStage())))
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
            Single.fromCompletionStage(
                    unwrapped(
                        engine.<List<T>>getAsync(
                            method,
                            key,
                            () -> nonNull(delegate.load(), method.signature(), "Observable")
                                .toList()
                                .toCompletionStage())))
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
}
