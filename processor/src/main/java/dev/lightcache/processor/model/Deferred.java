package dev.lightcache.processor.model;

/**
 * What kind of deferred result a method returns: nothing deferred, a {@code CompletionStage}, or a
 * reactive type recognised by its qualified name. Decides when a cached value is known and when an
 * invalidating method's write has happened; decided once by the reader.
 */
public enum Deferred {
  /** The result is there when the method returns. */
  NONE(false),
  /** {@code CompletableFuture} or {@code CompletionStage}. */
  COMPLETION_STAGE(false),
  /** Reactor {@code Mono}. */
  MONO(false),
  /** Reactor {@code Flux}. */
  FLUX(true),
  /** Reactive Streams {@code Publisher}: cached through Reactor, replayed as a {@code Flux}. */
  PUBLISHER(true),
  /** Mutiny {@code Uni}. */
  UNI(false),
  /** Mutiny {@code Multi}. */
  MULTI(true),
  /** RxJava 3 {@code Single}. */
  RX3_SINGLE(false),
  /** RxJava 3 {@code Maybe}. */
  RX3_MAYBE(false),
  /** RxJava 3 {@code Completable}: completes without a value. */
  RX3_COMPLETABLE(false),
  /** RxJava 3 {@code Flowable}. */
  RX3_FLOWABLE(true),
  /** RxJava 3 {@code Observable}. */
  RX3_OBSERVABLE(true),
  /** RxJava 2 {@code Single}. */
  RX2_SINGLE(false),
  /** RxJava 2 {@code Maybe}. */
  RX2_MAYBE(false),
  /** RxJava 2 {@code Completable}. */
  RX2_COMPLETABLE(false),
  /** RxJava 2 {@code Flowable}. */
  RX2_FLOWABLE(true),
  /** RxJava 2 {@code Observable}. */
  RX2_OBSERVABLE(true);

  private final boolean multiValued;

  Deferred(boolean multiValued) {
    this.multiValued = multiValued;
  }

  /** Whether it emits any number of elements (cached as a list), rather than at most one value. */
  public boolean multiValued() {
    return multiValued;
  }

  /** Whether it is a reactive type (lazy until subscribed), rather than nothing or a future. */
  public boolean reactive() {
    return this != NONE && this != COMPLETION_STAGE;
  }
}
