package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.processor.functional.Item;
import io.reactivex.rxjava3.core.Single;
import java.util.concurrent.CompletableFuture;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.Path;

/**
 * A Retrofit client: responses with a status (plain, in a {@code CompletableFuture}, in an RxJava 3
 * {@code Single}), a plain entity, and handles the proxy must never cache.
 */
@Cached(expirationSeconds = 60)
public interface RetrofitResponseItems {
  @GET("items/{id}")
  Response<Item> item(@Path("id") long id);

  @GET("items/{id}")
  CompletableFuture<Response<Item>> itemAsync(@Path("id") long id);

  @GET("items/{id}")
  Single<Response<Item>> itemSingle(@Path("id") long id);

  @GET("items/{id}/summary")
  Item summary(@Path("id") long id);

  /** A handle: delegated on every call, with a compile warning. */
  @GET("items/{id}")
  Call<Item> call(@Path("id") long id);

  /** A handle inside a {@code Single}: delegated on every call, with a compile warning. */
  @GET("items/{id}/raw")
  Single<ResponseBody> raw(@Path("id") long id);

  /**
   * A response whose body is a handle (Retrofit's usual download method): a handle too, delegated on
   * every call.
   */
  @GET("items/{id}/raw")
  Response<ResponseBody> download(@Path("id") long id);

  /** A write: invalidates when its future completes. */
  @DELETE("items/{id}")
  CompletableFuture<Response<Void>> remove(@Path("id") long id);
}
