package dev.lightcache.processor;

/** The words of messages about results that cannot be cached, by {@link ReturnTypes.Uncacheable}. */
final class UncacheableText {

  private UncacheableText() {}

  /** Why the result cannot be cached, to follow "it returns X, ". */
  static String fact(ReturnTypes.Uncacheable why) {
    return switch (why) {
      case HANDLE, UNSEEN_CALL -> "a handle to a response or stream rather than data";
      case PUBLISHER_WITHOUT_REACTOR ->
          "a publisher whose elements Lightcache collects and replays with Reactor, which is not on"
              + " the compile classpath";
      case UNKNOWN_PUBLISHER ->
          "a publisher or deferred result of a type Lightcache does not recognise, so it cannot"
              + " replay its values";
    };
  }

  /** The fix, to follow "Fix: ". */
  static String fix(ReturnTypes.Uncacheable why) {
    return switch (why) {
      case HANDLE, UNSEEN_CALL -> "return the data itself (e.g. the entity instead of a Response)";
      case PUBLISHER_WITHOUT_REACTOR ->
          "add io.projectreactor:reactor-core to the dependencies, or return a type cached without"
              + " it (Mono, Flux, Uni, Single, Maybe, Flowable, Observable or CompletableFuture)";
      case UNKNOWN_PUBLISHER ->
          "return the value itself, a CompletableFuture, or one of Mono, Flux, Uni, Single, Maybe,"
              + " Flowable or Observable";
    };
  }
}
