package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.processor.functional.Item;
import io.reactivex.Completable;
import io.reactivex.Flowable;
import io.reactivex.Maybe;
import io.reactivex.Observable;
import io.reactivex.Single;
import java.util.List;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * A Retrofit client with the RxJava 2 call adapter. No method name starts with a verb: every verb comes
 * from the Retrofit annotation.
 */
@Cached(expirationSeconds = 60)
public interface Rx2Items {
  @GET("items/{id}")
  Single<Item> item(@Path("id") long id);

  /** Empty when no item has the name; the empty result is not cached. */
  @GET("items")
  Maybe<Item> byName(@Query("name") String name);

  /** Empty when no item has the name; the empty result is cached. */
  @Cached(expirationSeconds = 60, cacheNulls = true)
  @GET("items/lookup")
  Maybe<Item> lookup(@Query("name") String name);

  @GET("items")
  Flowable<Item> inCategory(@Query("category") String category);

  @GET("items/search")
  Observable<Item> matching(@Query("q") String query);

  @DELETE("items/{id}")
  Completable discard(@Path("id") long id);

  @PUT("items/{id}")
  Single<Item> overwrite(@Path("id") long id, @Body Item item);

  /** Empty when the server had nothing to change. */
  @PATCH("items/{id}")
  Maybe<Item> amend(@Path("id") long id, @Body Item item);

  /** Streams back the items as the server stores them. */
  @POST("items/import")
  Flowable<Item> importAll(@Body List<Item> items);

  @POST("items/batch")
  Observable<Item> submit(@Body List<Item> items);
}
