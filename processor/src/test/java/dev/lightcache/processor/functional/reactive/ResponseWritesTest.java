package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.processor.functional.Item;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.RetrofitServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

/**
 * A Retrofit write returning {@code CompletableFuture<Response<Void>>} invalidates when the server's
 * answer arrives: not before, and also when the caller stopped waiting for it (the write still happened).
 */
class ResponseWritesTest {

  private final RetrofitServer server = new RetrofitServer();
  private final RetrofitResponseItems items = CachedRetrofitResponseItems.wrap(server);
  private final CompletableFuture<Response<Void>> answer = new CompletableFuture<>();

  @Test
  void aWriteInvalidatesWhenItsFutureCompletesNotBefore() throws Exception {
    Response<Item> before = items.item(1);
    server.pendingRemove = answer;
    CompletableFuture<Response<Void>> removed = items.remove(1);
    assertEquals(before, items.item(1));
    assertEquals(1, server.server.requests("item"), "not invalidated before the write completes");

    answer.complete(Response.success(204, null));
    assertEquals(204, removed.get().code());
    items.item(1);
    assertEquals(2, server.server.requests("item"), "invalidated once the write completed");
  }

  @Test
  void aWriteWhoseCallerStoppedWaitingStillInvalidatesWhenItCompletes() throws Exception {
    items.item(1);
    server.pendingRemove = answer;
    CompletableFuture<Response<Void>> removed = items.remove(1);
    // What orTimeout does to the returned future when the server is slow; the request goes on.
    removed.completeExceptionally(new TimeoutException());
    assertFalse(answer.isDone());

    answer.complete(Response.success(204, null));
    items.item(1);
    assertEquals(2, server.server.requests("item"), "the write happened: the entry read before it is gone");
  }

  @Test
  void aWriteWhoseCallerCancelledStillInvalidatesWhenItCompletes() {
    items.item(1);
    server.pendingRemove = answer;
    CompletableFuture<Response<Void>> removed = items.remove(1);
    assertTrue(removed.cancel(true));

    answer.complete(Response.success(204, null));
    items.item(1);
    assertEquals(2, server.server.requests("item"), "the write happened: the entry read before it is gone");
  }
}
