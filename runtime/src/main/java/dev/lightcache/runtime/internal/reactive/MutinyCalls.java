package dev.lightcache.runtime.internal.reactive;

import static dev.lightcache.runtime.internal.reactive.Completion.nonNull;
import static dev.lightcache.runtime.internal.reactive.Completion.unwrapped;

import dev.lightcache.runtime.internal.CachedMethod;
import dev.lightcache.runtime.internal.InvalidatingMethod;
import dev.lightcache.runtime.internal.Key;
import dev.lightcache.runtime.internal.Loader;
import dev.lightcache.runtime.internal.ProxyEngine;
import dev.lightcache.runtime.internal.reactive.Completion.Write;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Mutiny {@code Uni} and {@code Multi}. The load runs with the context of the subscriber that started
 * it.
 */
public final class MutinyCalls {

  private MutinyCalls() {}

  /**
   * A cached method returning {@code Uni<T>}: the item is stored (a {@code null} item as a cached null,
   * where nulls are cached).
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param key the call's key
   * @param delegate calls the delegate
   * @param <T> the item type
   * @return a lazy {@code Uni} of the cached or loaded item
   */
  public static <T> Uni<T> uni(
      ProxyEngine engine, CachedMethod method, Key key, Loader<? extends @Nullable Uni<T>> delegate) {
    return Uni.createFrom()
        .context(
            context ->
                Uni.createFrom()
                    .completionStage(
                        unwrapped(
                            engine.getAsync(
                                method,
                                key,
                                () -> nonNull(delegate.load(), method.signature(), "Uni")
                                    .subscribeAsCompletionStage(context)))));
  }

  /**
   * A cached method returning {@code Multi<T>}: the items are stored as a list and replayed as a
   * {@code Multi}.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param key the call's key
   * @param delegate calls the delegate
   * @param <T> the item type
   * @return a lazy {@code Multi} of the cached or loaded items
   */
  public static <T> Multi<T> multi(
      ProxyEngine engine, CachedMethod method, Key key, Loader<? extends @Nullable Multi<T>> delegate) {
    return Multi.createFrom()
        .context(
            context ->
                Uni.createFrom()
                    .completionStage(
                        unwrapped(
                            engine.<List<T>>getAsync(
                                method,
                                key,
                                () -> nonNull(delegate.load(), method.signature(), "Multi")
                                    .collect()
                                    .asList()
                                    .subscribeAsCompletionStage(context))))
                    .onItem()
                    .transformToMulti(list -> Multi.createFrom().iterable(list)));
  }

  /**
   * An invalidating method returning {@code Uni<T>}: each subscription invalidates once, when the
   * delegate's {@code Uni} emits its item (before the subscriber hears of it) or the subscriber cancels
   * before the end; never after a failure.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param result the delegate's {@code Uni}
   * @param arguments the call's arguments
   * @param <T> the item type
   * @return the {@code Uni} to return
   */
  public static <T> Uni<T> invalidatingUni(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Uni<T> result, @Nullable Object... arguments) {
    Uni<T> source = nonNull(result, method.signature(), "Uni");
    return Uni.createFrom()
        .deferred(
            () -> {
              Write write = new Write(engine, method, arguments);
              return source
                  .onItem()
                  .invoke(write::succeeded)
                  .onFailure()
                  .invoke(write::failed)
                  .onCancellation()
                  .invoke(write::disposed);
            });
  }

  /**
   * An invalidating method returning {@code Multi<T>}: invalidates when the delegate's {@code Multi}
   * completes or the subscriber cancels.
   *
   * @param engine the proxy's engine
   * @param method the method
   * @param result the delegate's {@code Multi}
   * @param arguments the call's arguments
   * @param <T> the item type
   * @return the {@code Multi} to return
   */
  public static <T> Multi<T> invalidatingMulti(
      ProxyEngine engine, InvalidatingMethod method, @Nullable Multi<T> result, @Nullable Object... arguments) {
    Multi<T> source = nonNull(result, method.signature(), "Multi");
    return Multi.createFrom()
        .deferred(
            () -> {
              // Per subscription. Mutiny runs onCancellation for a cancel that follows a failure, which
              // is no cancellation (Reactive Streams rule 3.7): Write ignores it.
              Write write = new Write(engine, method, arguments);
              return source
                  .onFailure()
                  .invoke(write::failed)
                  .onCompletion()
                  .invoke(write::completed)
                  .onCancellation()
                  .invoke(write::disposed);
            });
  }
}
