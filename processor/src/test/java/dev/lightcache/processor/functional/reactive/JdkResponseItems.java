package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A hand-written client over {@code java.net.http.HttpClient}: the verbs come from the names. A {@code
 * String} or {@code byte[]} body is data; an {@code InputStream} body is a handle.
 */
@Cached(expirationSeconds = 60)
public interface JdkResponseItems {
  HttpResponse<String> getItem(long id);

  HttpResponse<byte[]> getBytes(long id);

  CompletableFuture<HttpResponse<String>> getItemAsync(long id);

  String getSummary(long id);

  /** A handle: delegated on every call, with a compile warning. */
  HttpResponse<InputStream> getStream(long id);
}
