package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.processor.functional.Item;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.JdkServer;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.MicronautServer;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.RetrofitServer;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.SpringServer;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.subjects.SingleSubject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import retrofit2.Response;

/**
 * Responses with a status, over the default in-memory backend: only a 2xx response is stored; any
 * other is handed to its caller and the next call sends a new request.
 */
class ResponseStatusTest {

  /** Calls a proxy method; blocks for a deferred result. */
  @FunctionalInterface
  interface Call {
    Object call(long id) throws Exception;
  }

  /** One response-returning method of a fresh proxy over its own server. */
  record Method(ResponseServer server, String name, Call call, ToIntFunction<Object> status) {
    Object call(long id) throws Exception {
      return call.call(id);
    }

    int requests() {
      return server.requests(name);
    }
  }

  static Stream<Named<Method>> methods() {
    RetrofitServer retrofit = new RetrofitServer();
    RetrofitResponseItems retrofitProxy = CachedRetrofitResponseItems.wrap(retrofit);
    SpringServer spring = new SpringServer();
    SpringResponseItems springProxy = CachedSpringResponseItems.wrap(spring);
    MicronautServer micronaut = new MicronautServer();
    MicronautResponseItems micronautProxy = CachedMicronautResponseItems.wrap(micronaut);
    JdkServer jdk = new JdkServer();
    JdkResponseItems jdkProxy = CachedJdkResponseItems.wrap(jdk);
    ToIntFunction<Object> retrofitStatus = r -> ((Response<?>) r).code();
    ToIntFunction<Object> springStatus =
        r -> ((org.springframework.http.ResponseEntity<?>) r).getStatusCode().value();
    ToIntFunction<Object> jdkStatus = r -> ((java.net.http.HttpResponse<?>) r).statusCode();
    return Stream.of(
        Named.of("retrofit Response<T>",
            new Method(retrofit.server, "item", retrofitProxy::item, retrofitStatus)),
        Named.of("retrofit CompletableFuture<Response<T>>",
            new Method(retrofit.server, "itemAsync", id -> retrofitProxy.itemAsync(id).get(), retrofitStatus)),
        Named.of("retrofit Single<Response<T>>",
            new Method(retrofit.server, "itemSingle", id -> retrofitProxy.itemSingle(id).blockingGet(), retrofitStatus)),
        Named.of("Spring ResponseEntity<T>",
            new Method(spring.server, "item", springProxy::item, springStatus)),
        Named.of("Spring Mono<ResponseEntity<T>>",
            new Method(spring.server, "itemMono", id -> springProxy.itemMono(id).block(), springStatus)),
        Named.of("Micronaut HttpResponse<T>",
            new Method(micronaut.server, "item", micronautProxy::item,
                r -> ((io.micronaut.http.HttpResponse<?>) r).code())),
        Named.of("java.net.http HttpResponse<String>",
            new Method(jdk.server, "getItem", jdkProxy::getItem, jdkStatus)),
        Named.of("java.net.http HttpResponse<byte[]>",
            new Method(jdk.server, "getBytes", jdkProxy::getBytes, jdkStatus)),
        Named.of("java.net.http CompletableFuture<HttpResponse<String>>",
            new Method(jdk.server, "getItemAsync", id -> jdkProxy.getItemAsync(id).get(), jdkStatus)));
  }

  @ParameterizedTest
  @MethodSource("methods")
  void aServerErrorIsNotCachedAndTheSuccessAfterItIs(Method method) throws Exception {
    method.server().answer(500);
    Object error = method.call(1);
    assertEquals(500, method.status().applyAsInt(error));
    assertEquals(1, method.requests());

    Object ok = method.call(1);
    assertEquals(200, method.status().applyAsInt(ok));
    assertEquals(2, method.requests(), "the 500 was not cached: a new request");

    Object again = method.call(1);
    assertSame(ok, again, "the 200 was cached");
    assertEquals(2, method.requests());
  }

  @ParameterizedTest
  @MethodSource("methods")
  void aNotFoundIsNotCached(Method method) throws Exception {
    method.server().answer(404, 404);
    assertEquals(404, method.status().applyAsInt(method.call(1)));
    assertEquals(404, method.status().applyAsInt(method.call(1)));
    assertEquals(2, method.requests());
    assertEquals(200, method.status().applyAsInt(method.call(1)));
    assertEquals(200, method.status().applyAsInt(method.call(1)));
    assertEquals(3, method.requests());
  }

  @ParameterizedTest
  @MethodSource("methods")
  void everySuccessfulStatusIsCachedPerKey(Method method) throws Exception {
    method.server().answer(201);
    Object created = method.call(1);
    assertEquals(201, method.status().applyAsInt(created));
    assertSame(created, method.call(1));
    Object other = method.call(2);
    assertNotSame(created, other);
    assertSame(other, method.call(2));
    assertEquals(2, method.requests(), "one request per key");
  }

  @Test
  void callersThatJoinedAFutureOfA500GetItAndItIsNotStored() throws Exception {
    RetrofitServer server = new RetrofitServer();
    RetrofitResponseItems items = CachedRetrofitResponseItems.wrap(server);
    CompletableFuture<Response<Item>> pending = new CompletableFuture<>();
    server.pendingAsync = pending;
    CompletableFuture<Response<Item>> first = items.itemAsync(1);
    CompletableFuture<Response<Item>> joined = items.itemAsync(1);
    assertEquals(1, server.server.requests("itemAsync"), "the second caller joined the load");
    Response<Item> error = RetrofitServer.response(500, new Item(1, "down"));
    pending.complete(error);
    assertSame(error, first.get(10, TimeUnit.SECONDS));
    assertSame(error, joined.get(10, TimeUnit.SECONDS));

    server.pendingAsync = null;
    Response<Item> ok = items.itemAsync(1).get(10, TimeUnit.SECONDS);
    assertTrue(ok.isSuccessful());
    assertEquals(2, server.server.requests("itemAsync"), "the 500 was not stored");
    assertSame(ok, items.itemAsync(1).get(10, TimeUnit.SECONDS));
    assertEquals(2, server.server.requests("itemAsync"));
  }

  @Test
  void subscribersThatJoinedASingleOfA500GetItAndItIsNotStored() {
    RetrofitServer server = new RetrofitServer();
    RetrofitResponseItems items = CachedRetrofitResponseItems.wrap(server);
    SingleSubject<Response<Item>> pending = SingleSubject.create();
    server.pendingSingle = pending;
    TestObserver<Response<Item>> first = items.itemSingle(1).test();
    TestObserver<Response<Item>> joined = items.itemSingle(1).test();
    assertEquals(1, server.server.requests("itemSingle"));
    Response<Item> error = RetrofitServer.response(503, new Item(1, "busy"));
    pending.onSuccess(error);
    first.awaitDone(10, TimeUnit.SECONDS).assertResult(error);
    joined.awaitDone(10, TimeUnit.SECONDS).assertResult(error);

    server.pendingSingle = null;
    Response<Item> ok = items.itemSingle(1).blockingGet();
    assertTrue(ok.isSuccessful());
    assertEquals(2, server.server.requests("itemSingle"), "the 503 was not stored");
    assertSame(ok, items.itemSingle(1).blockingGet());
    assertEquals(2, server.server.requests("itemSingle"));
  }

  @Test
  void plainEntitiesOnTheSameInterfacesAreCached() {
    RetrofitServer retrofit = new RetrofitServer();
    RetrofitResponseItems retrofitProxy = CachedRetrofitResponseItems.wrap(retrofit);
    assertEquals(retrofitProxy.summary(1), retrofitProxy.summary(1));
    assertEquals(1, retrofit.server.requests("summary"));
    SpringServer spring = new SpringServer();
    SpringResponseItems springProxy = CachedSpringResponseItems.wrap(spring);
    assertEquals(springProxy.summary(1), springProxy.summary(1));
    assertEquals(1, spring.server.requests("summary"));
  }
}
