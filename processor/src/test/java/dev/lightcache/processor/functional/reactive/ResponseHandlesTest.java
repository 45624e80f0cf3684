package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.lightcache.processor.functional.Item;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.FeignServer;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.JdkServer;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.RetrofitServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Handles are never cached, even under a cached verb: every caller gets its own, unconsumed one (the
 * processor warns about them at compile time; see {@code ResponseHandleDiagnosticsTest}).
 */
class ResponseHandlesTest {

  private static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aFeignGetReturningResponseCallsTheDelegateEveryTimeAndEachBodyIsUnread() throws IOException {
    FeignServer server = new FeignServer();
    FeignResponseFiles files = CachedFeignResponseFiles.wrap(server);
    feign.Response first = files.file("a.txt");
    assertEquals("contents of a.txt", read(first.body().asInputStream()));
    feign.Response second = files.file("a.txt");
    assertNotSame(first, second);
    assertEquals("contents of a.txt", read(second.body().asInputStream()), "the second caller's body is not consumed");
    assertEquals(2, server.server.requests("file"));

    assertEquals(5, files.size("a.txt"));
    assertEquals(5, files.size("a.txt"));
    assertEquals(1, server.server.requests("size"), "the plain value of the same client is cached");
  }

  @Test
  void aRetrofitCallIsDelegatedEveryTimeAndEachCanBeExecuted() throws IOException {
    RetrofitServer server = new RetrofitServer();
    RetrofitResponseItems items = CachedRetrofitResponseItems.wrap(server);
    Call<Item> first = items.call(1);
    Call<Item> second = items.call(1);
    assertNotSame(first, second);
    assertEquals(new Item(1, "item 1 #1"), first.execute().body());
    assertEquals(new Item(1, "item 1 #2"), second.execute().body(), "a call can be executed once: not shared");
    assertEquals(2, server.server.requests("call"));
  }

  @Test
  void aSingleOfAnOkHttpBodyIsDelegatedEveryTimeAndEachBodyIsUnread() throws IOException {
    RetrofitServer server = new RetrofitServer();
    RetrofitResponseItems items = CachedRetrofitResponseItems.wrap(server);
    try (ResponseBody first = items.raw(1).blockingGet();
        ResponseBody second = items.raw(1).blockingGet()) {
      assertEquals("raw 1", first.string());
      assertEquals("raw 1", second.string(), "the second body is not the consumed first one");
    }
    assertEquals(2, server.server.requests("raw"));
  }

  @Test
  void aRetrofitResponseWhoseBodyIsAResponseBodyIsDelegatedEveryTimeAndEachBodyIsUnread() throws IOException {
    RetrofitServer server = new RetrofitServer();
    RetrofitResponseItems items = CachedRetrofitResponseItems.wrap(server);
    Response<ResponseBody> first = items.download(1);
    assertEquals("download 1", first.body().string());
    Response<ResponseBody> second = items.download(1);
    assertNotSame(first, second, "a 200 whose body can be read once is not stored");
    assertEquals("download 1", second.body().string(), "the second caller's body is not the consumed first one");
    assertEquals(2, server.server.requests("download"));
  }

  @Test
  void aJdkResponseWithAStreamBodyIsDelegatedEveryTime() throws IOException {
    JdkServer server = new JdkServer();
    JdkResponseItems items = CachedJdkResponseItems.wrap(server);
    HttpResponse<InputStream> first = items.getStream(1);
    assertEquals("stream 1", read(first.body()));
    HttpResponse<InputStream> second = items.getStream(1);
    assertEquals("stream 1", read(second.body()));
    assertEquals(2, server.server.requests("getStream"));
  }
}
