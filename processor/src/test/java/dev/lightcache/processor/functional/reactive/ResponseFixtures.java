package dev.lightcache.processor.functional.reactive;

import dev.lightcache.processor.functional.Item;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.reactivex.rxjava3.core.Single;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.Timeout;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

/**
 * Delegates of the response interfaces, built with each library's own response types. Every one counts
 * its requests in a {@link ResponseServer} and answers with the status queued there.
 */
final class ResponseFixtures {

  private ResponseFixtures() {}

  // ------------------------------------------------------------------ Retrofit

  static class RetrofitServer implements RetrofitResponseItems {
    final ResponseServer server = new ResponseServer();
    /** When set, what {@link #itemAsync} returns (a future held open). */
    volatile CompletableFuture<Response<Item>> pendingAsync;
    /** When set, what {@link #itemSingle} returns (a subject held open). */
    volatile Single<Response<Item>> pendingSingle;

    /** A real Retrofit response: a success with the item, or an error with a JSON error body. */
    static Response<Item> response(int status, Item item) {
      if (status / 100 == 2) {
        return Response.success(status, item);
      }
      return Response.error(
          status, ResponseBody.create("{\"error\":" + status + "}", MediaType.get("application/json")));
    }

    private Response<Item> answer(String method, long id) {
      int status = server.request(method);
      return response(status, new Item(id, server.body(method, id)));
    }

    @Override
    public Response<Item> item(long id) {
      return answer("item", id);
    }

    @Override
    public CompletableFuture<Response<Item>> itemAsync(long id) {
      CompletableFuture<Response<Item>> pending = pendingAsync;
      if (pending != null) {
        server.request("itemAsync");
        return pending;
      }
      return CompletableFuture.completedFuture(answer("itemAsync", id));
    }

    @Override
    public Single<Response<Item>> itemSingle(long id) {
      return Single.defer(() -> {
        Single<Response<Item>> pending = pendingSingle;
        if (pending != null) {
          server.request("itemSingle");
          return pending;
        }
        return Single.just(answer("itemSingle", id));
      });
    }

    @Override
    public Item summary(long id) {
      server.request("summary");
      return new Item(id, server.body("summary", id));
    }

    @Override
    public Call<Item> call(long id) {
      server.request("call");
      return new OneShotCall(response(200, new Item(id, server.body("call", id))));
    }

    @Override
    public Single<ResponseBody> raw(long id) {
      return Single.fromCallable(() -> {
        server.request("raw");
        return ResponseBody.create("raw " + id, MediaType.get("text/plain"));
      });
    }

    /** When set, what {@link #remove} returns (a future held open). */
    volatile CompletableFuture<Response<Void>> pendingRemove;

    @Override
    public CompletableFuture<Response<Void>> remove(long id) {
      server.request("remove");
      CompletableFuture<Response<Void>> pending = pendingRemove;
      return pending != null ? pending : CompletableFuture.completedFuture(Response.success(204, null));
    }

    /** A success whose body is read from the connection, once. */
    @Override
    public Response<ResponseBody> download(long id) {
      server.request("download");
      Buffer bytes = new Buffer().writeUtf8("download " + id);
      return Response.success(ResponseBody.create(bytes, MediaType.get("application/octet-stream"), bytes.size()));
    }
  }

  /** A {@code retrofit2.Call} like a real one: it can be executed once. */
  static final class OneShotCall implements Call<Item> {
    private final Response<Item> response;
    private final AtomicBoolean executed = new AtomicBoolean();
    private volatile boolean canceled;

    OneShotCall(Response<Item> response) {
      this.response = response;
    }

    @Override
    public Response<Item> execute() throws IOException {
      if (!executed.compareAndSet(false, true)) {
        throw new IllegalStateException("Already executed.");
      }
      if (canceled) {
        throw new IOException("Canceled");
      }
      return response;
    }

    @Override
    public void enqueue(Callback<Item> callback) {
      try {
        callback.onResponse(this, execute());
      } catch (IOException | RuntimeException e) {
        callback.onFailure(this, e);
      }
    }

    @Override
    public boolean isExecuted() {
      return executed.get();
    }

    @Override
    public void cancel() {
      canceled = true;
    }

    @Override
    public boolean isCanceled() {
      return canceled;
    }

    @Override
    public Call<Item> clone() {
      return new OneShotCall(response);
    }

    @Override
    public Request request() {
      return new Request.Builder().url("http://example.test/items").build();
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }
  }

  // ------------------------------------------------------------------ Spring

  static class SpringServer implements SpringResponseItems {
    final ResponseServer server = new ResponseServer();

    static ResponseEntity<Item> response(int status, Item item) {
      return switch (status) {
        case 200 -> ResponseEntity.ok(item);
        case 404 -> ResponseEntity.notFound().build();
        case 500 -> ResponseEntity.internalServerError().body(item);
        default -> ResponseEntity.status(status).body(item);
      };
    }

    private ResponseEntity<Item> answer(String method, long id) {
      int status = server.request(method);
      return response(status, new Item(id, server.body(method, id)));
    }

    @Override
    public ResponseEntity<Item> item(long id) {
      return answer("item", id);
    }

    @Override
    public Mono<ResponseEntity<Item>> itemMono(long id) {
      return Mono.fromCallable(() -> answer("itemMono", id));
    }

    @Override
    public Item summary(long id) {
      server.request("summary");
      return new Item(id, server.body("summary", id));
    }
  }

  // ------------------------------------------------------------------ Micronaut

  /**
   * Micronaut's static factories ({@code HttpResponse.ok}, ...) need no Micronaut runtime: without one,
   * micronaut-http falls back to its {@code SimpleHttpResponseFactory}.
   */
  static class MicronautServer implements MicronautResponseItems {
    final ResponseServer server = new ResponseServer();

    static HttpResponse<Item> response(int status, Item item) {
      return switch (status) {
        case 200 -> HttpResponse.ok(item);
        case 404 -> HttpResponse.notFound();
        case 500 -> HttpResponse.serverError(item);
        default -> HttpResponse.<Item>status(HttpStatus.valueOf(status)).body(item);
      };
    }

    @Override
    public HttpResponse<Item> item(long id) {
      int status = server.request("item");
      return response(status, new Item(id, server.body("item", id)));
    }

    @Override
    public Item summary(long id) {
      server.request("summary");
      return new Item(id, server.body("summary", id));
    }
  }

  // ------------------------------------------------------------------ java.net.http

  static class JdkServer implements JdkResponseItems {
    final ResponseServer server = new ResponseServer();

    @Override
    public java.net.http.HttpResponse<String> getItem(long id) {
      int status = server.request("getItem");
      return new JdkResponse<>(status, server.body("getItem", id), "/items/" + id);
    }

    @Override
    public java.net.http.HttpResponse<byte[]> getBytes(long id) {
      int status = server.request("getBytes");
      return new JdkResponse<>(
          status, server.body("getBytes", id).getBytes(StandardCharsets.UTF_8), "/items/" + id);
    }

    @Override
    public CompletableFuture<java.net.http.HttpResponse<String>> getItemAsync(long id) {
      int status = server.request("getItemAsync");
      return CompletableFuture.completedFuture(
          new JdkResponse<>(status, server.body("getItemAsync", id), "/items/" + id));
    }

    @Override
    public String getSummary(long id) {
      server.request("getSummary");
      return server.body("getSummary", id);
    }

    @Override
    public java.net.http.HttpResponse<InputStream> getStream(long id) {
      server.request("getStream");
      byte[] bytes = ("stream " + id).getBytes(StandardCharsets.UTF_8);
      return new JdkResponse<>(200, new ByteArrayInputStream(bytes), "/items/" + id + "/stream");
    }
  }

  /** A {@code java.net.http.HttpResponse} as {@code HttpClient} returns it, without a connection. */
  record JdkResponse<T>(int statusCode, T body, String path) implements java.net.http.HttpResponse<T> {
    @Override
    public HttpRequest request() {
      return HttpRequest.newBuilder(uri()).GET().build();
    }

    @Override
    public Optional<java.net.http.HttpResponse<T>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return HttpHeaders.of(Map.of("content-type", List.of("text/plain")), (name, value) -> true);
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return URI.create("http://example.test" + path);
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }

  // ------------------------------------------------------------------ Feign

  static class FeignServer implements FeignResponseFiles {
    final ResponseServer server = new ResponseServer();

    /** A real Feign response whose body is a stream, readable once, as over a connection. */
    @Override
    public feign.Response file(String name) {
      server.request("file");
      byte[] bytes = ("contents of " + name).getBytes(StandardCharsets.UTF_8);
      return feign.Response.builder()
          .status(200)
          .reason("OK")
          .request(
              feign.Request.create(
                  feign.Request.HttpMethod.GET, "/files/" + name, Map.of(), null, StandardCharsets.UTF_8, null))
          .headers(Map.of())
          .body(new ByteArrayInputStream(bytes), bytes.length)
          .build();
    }

    @Override
    public long size(String name) {
      server.request("size");
      return name.length();
    }
  }
}
