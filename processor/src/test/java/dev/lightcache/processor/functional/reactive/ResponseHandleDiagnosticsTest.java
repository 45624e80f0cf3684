package dev.lightcache.processor.functional.reactive;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.lightcache.processor.CachedProcessor;
import java.io.IOException;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What the processor says about handles in client interfaces written against the real libraries: a
 * handle under a cached verb is delegated with {@code [LC_HANDLE_NOT_CACHED]}; {@code @Cached} on one is
 * {@code [LC_CACHED_HANDLE]}; a response that carries a status and a data body is cached without a word.
 */
class ResponseHandleDiagnosticsTest {

  private static final JavaFileObject CLIENT =
      JavaFileObjects.forSourceString(
          "com.acme.FileClient",
          """
          package com.acme;

          import dev.lightcache.annotations.Cached;
          import feign.Param;
          import feign.RequestLine;
          import io.reactivex.rxjava3.core.Single;
          import java.io.InputStream;
          import java.net.http.HttpResponse;
          import okhttp3.ResponseBody;
          import retrofit2.Call;
          import retrofit2.http.GET;
          import retrofit2.http.Path;

          @Cached
          public interface FileClient {
            @RequestLine("GET /files/{name}")
            feign.Response getFile(@Param("name") String name);

            @GET("raw/{id}")
            Single<ResponseBody> raw(@Path("id") long id);

            @GET("raw/{id}/response")
            okhttp3.Response rawResponse(@Path("id") long id);

            HttpResponse<InputStream> getStream(long id);

            @GET("files/{id}")
            Call<String> file(@Path("id") long id);

            @RequestLine("POST /files")
            feign.Response upload(String body);

            HttpResponse<String> getText(long id);
          }
          """);

  private static Compilation compile(JavaFileObject source) {
    return Compiler.javac().withProcessors(new CachedProcessor()).compile(source);
  }

  private static long count(Compilation compilation, Diagnostic.Kind kind, String tag) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getKind() == kind && d.getMessage(Locale.ROOT).contains(tag))
        .count();
  }

  @Test
  void eachHandleUnderACachedVerbIsDelegatedWithAWarningOnItsLine() {
    Compilation compilation = compile(CLIENT);
    assertThat(compilation).succeeded();
    for (String line :
        new String[] {
          "feign.Response getFile(",
          "Single<ResponseBody> raw(",
          "okhttp3.Response rawResponse(",
          "HttpResponse<InputStream> getStream(",
          "Call<String> file("
        }) {
      assertThat(compilation)
          .hadWarningContaining("[LC_HANDLE_NOT_CACHED]")
          .inFile(CLIENT)
          .onLineContaining(line);
    }
    assertEquals(5, count(compilation, Diagnostic.Kind.WARNING, "[LC_HANDLE_NOT_CACHED]"), "one per handle");
    assertThat(compilation).hadWarningCount(5);
  }

  @Test
  void handlesAreDelegatedAndTheStatusResponseIsCached() throws IOException {
    Compilation compilation = compile(CLIENT);
    assertThat(compilation).succeeded();
    String proxy =
        compilation.generatedSourceFile("com.acme.CachedFileClient").orElseThrow().getCharContent(true).toString();
    for (String delegated :
        new String[] {
          "return delegate.getFile(name);",
          "return delegate.raw(id);",
          "return delegate.rawResponse(id);",
          "return delegate.getStream(id);",
          "return delegate.file(id);"
        }) {
      assertTrue(proxy.contains(delegated), () -> delegated + " in\n" + proxy);
    }
    assertTrue(
        proxy.contains(".storesOnly(HttpResponse.class, response -> response.statusCode() / 100 == 2)"), proxy);
    assertTrue(proxy.contains("engine.load(GET_TEXT, key, miss, () -> delegate.getText(id))"), proxy);
  }

  @Test
  void cachedOnAHandleIsAnError() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Downloads",
            """
            package com.acme;

            import dev.lightcache.annotations.Cached;
            import feign.Param;
            import feign.RequestLine;
            import io.reactivex.rxjava3.core.Single;
            import java.io.InputStream;
            import java.net.http.HttpResponse;
            import okhttp3.ResponseBody;
            import retrofit2.http.GET;

            @Cached
            public interface Downloads {
              // The error points at @Cached, which is what the user has to remove.
              @RequestLine("GET /files/{name}")
              @Cached feign.Response download(@Param("name") String name);

              @GET("raw")
              @Cached Single<ResponseBody> raw();

              @Cached HttpResponse<InputStream> stream(long id);

              @Cached retrofit2.Call<String> call(long id);
            }
            """);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    for (String line :
        new String[] {
          "feign.Response download(",
          "Single<ResponseBody> raw(",
          "HttpResponse<InputStream> stream(",
          "retrofit2.Call<String> call("
        }) {
      assertThat(compilation).hadErrorContaining("[LC_CACHED_HANDLE]").inFile(source).onLineContaining(line);
    }
    assertEquals(4, count(compilation, Diagnostic.Kind.ERROR, "[LC_CACHED_HANDLE]"));
    assertEquals(0, count(compilation, Diagnostic.Kind.WARNING, "[LC_HANDLE_NOT_CACHED]"), "the error says it all");
  }

  @Test
  void aResponseWhoseBodyIsAHandleIsAHandle() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.acme.Downloads",
            """
            package com.acme;

            import dev.lightcache.annotations.Cached;
            import java.io.InputStream;
            import java.util.concurrent.CompletableFuture;
            import okhttp3.ResponseBody;
            import org.springframework.http.ResponseEntity;
            import org.springframework.web.bind.annotation.PathVariable;
            import org.springframework.web.service.annotation.GetExchange;
            import retrofit2.Response;
            import retrofit2.http.GET;
            import retrofit2.http.Path;

            @Cached
            public interface Downloads {
              @GET("files/{id}")
              Response<ResponseBody> download(@Path("id") long id);

              @GET("files/{id}")
              CompletableFuture<Response<ResponseBody>> downloadLater(@Path("id") long id);

              @GetExchange("/files/{id}")
              ResponseEntity<InputStream> content(@PathVariable long id);

              @GET("files/{id}/name")
              Response<String> name(@Path("id") long id);
            }
            """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    for (String line :
        new String[] {
          "Response<ResponseBody> download(",
          "CompletableFuture<Response<ResponseBody>> downloadLater(",
          "ResponseEntity<InputStream> content("
        }) {
      assertThat(compilation)
          .hadWarningContaining("[LC_HANDLE_NOT_CACHED]")
          .inFile(source)
          .onLineContaining(line);
    }
    assertThat(compilation).hadWarningCount(3);
  }
}
