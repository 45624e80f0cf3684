package dev.lightcache.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.lightcache.processor.model.CacheModel.Status;
import dev.lightcache.processor.model.Deferred;

/**
 * The code of calls whose results are deferred or carry a status: which runtime adapter a reactive
 * type goes through (one class per library in {@code dev.lightcache.runtime.internal.reactive}), and
 * how a response's status is tested. Part of the writer: trusts the model.
 */
final class DeferredCalls {

  private static final String REACTIVE = "dev.lightcache.runtime.internal.reactive";
  private static final ClassName REACTOR = ClassName.get(REACTIVE, "ReactorCalls");
  private static final ClassName MUTINY = ClassName.get(REACTIVE, "MutinyCalls");
  private static final ClassName RX3 = ClassName.get(REACTIVE, "RxJava3Calls");
  private static final ClassName RX2 = ClassName.get(REACTIVE, "RxJava2Calls");
  private static final ClassName REACTIVE_STREAMS = ClassName.get(REACTIVE, "ReactiveStreamsCalls");

  private DeferredCalls() {}

  /** An adapter's static method. */
  private record Adapter(ClassName type, String method) {}

  private static Adapter cachedAdapter(Deferred deferred) {
    return switch (deferred) {
      case MONO -> new Adapter(REACTOR, "mono");
      case FLUX, PUBLISHER -> new Adapter(REACTOR, "flux");
      case UNI -> new Adapter(MUTINY, "uni");
      case MULTI -> new Adapter(MUTINY, "multi");
      case RX3_SINGLE -> new Adapter(RX3, "single");
      case RX3_MAYBE -> new Adapter(RX3, "maybe");
      case RX3_FLOWABLE -> new Adapter(RX3, "flowable");
      case RX3_OBSERVABLE -> new Adapter(RX3, "observable");
      case RX2_SINGLE -> new Adapter(RX2, "single");
      case RX2_MAYBE -> new Adapter(RX2, "maybe");
      case RX2_FLOWABLE -> new Adapter(RX2, "flowable");
      case RX2_OBSERVABLE -> new Adapter(RX2, "observable");
      case NONE, COMPLETION_STAGE, RX3_COMPLETABLE, RX2_COMPLETABLE ->
          throw new IllegalArgumentException(deferred + " has no cached values");
    };
  }

  private static Adapter invalidatingAdapter(Deferred deferred) {
    return switch (deferred) {
      case MONO -> new Adapter(REACTOR, "invalidatingMono");
      case FLUX -> new Adapter(REACTOR, "invalidatingFlux");
      case PUBLISHER -> new Adapter(REACTIVE_STREAMS, "invalidatingPublisher");
      case UNI -> new Adapter(MUTINY, "invalidatingUni");
      case MULTI -> new Adapter(MUTINY, "invalidatingMulti");
      case RX3_SINGLE -> new Adapter(RX3, "invalidatingSingle");
      case RX3_MAYBE -> new Adapter(RX3, "invalidatingMaybe");
      case RX3_COMPLETABLE -> new Adapter(RX3, "invalidatingCompletable");
      case RX3_FLOWABLE -> new Adapter(RX3, "invalidatingFlowable");
      case RX3_OBSERVABLE -> new Adapter(RX3, "invalidatingObservable");
      case RX2_SINGLE -> new Adapter(RX2, "invalidatingSingle");
      case RX2_MAYBE -> new Adapter(RX2, "invalidatingMaybe");
      case RX2_COMPLETABLE -> new Adapter(RX2, "invalidatingCompletable");
      case RX2_FLOWABLE -> new Adapter(RX2, "invalidatingFlowable");
      case RX2_OBSERVABLE -> new Adapter(RX2, "invalidatingObservable");
      case NONE, COMPLETION_STAGE -> throw new IllegalArgumentException(deferred + " is not reactive");
    };
  }

  /**
   * {@code Adapter.mono(engine, GET, key, () -> delegate.get(id))}: a lazy publisher of the cached or
   * loaded value.
   */
  static CodeBlock cached(Deferred deferred, String engine, String constant, String key, CodeBlock delegateCall) {
    Adapter adapter = cachedAdapter(deferred);
    return CodeBlock.of(
        "$T.$L($L, $N, $N, () -> $L)", adapter.type(), adapter.method(), engine, constant, key, delegateCall);
  }

  /**
   * {@code Adapter.invalidatingMono(engine, DELETE, delegate.delete(id), id)}: the delegate's publisher,
   * invalidating when it completes.
   */
  static CodeBlock invalidating(
      Deferred deferred, String engine, String constant, CodeBlock delegateCall, CodeBlock arguments) {
    Adapter adapter = invalidatingAdapter(deferred);
    return CodeBlock.of(
        "$T.$L($L, $N, $L$L)", adapter.type(), adapter.method(), engine, constant, delegateCall, arguments);
  }

  /** {@code .storesOnly(ResponseEntity.class, response -> ...)}: only 2xx responses are stored. */
  static CodeBlock storesOnly(Status status) {
    ClassName type = ClassName.get(status.packageName(), status.simpleName());
    String test =
        switch (status) {
          case RETROFIT -> "response.isSuccessful()";
          case SPRING -> "response.getStatusCode().is2xxSuccessful()";
          case MICRONAUT -> "response.code() / 100 == 2";
          case JDK -> "response.statusCode() / 100 == 2";
        };
    return CodeBlock.of("\n        .storesOnly($T.class, response -> $L)", type, test);
  }
}
