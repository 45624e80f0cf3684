package com.acme;

import dev.lightcache.annotations.Cached;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.core.Single;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.Path;
import retrofit2.http.Query;

/** A Retrofit service with the RxJava 3 call adapter. */
@Cached
public interface RxProducts {
    @GET("products/{id}")
    Single<Product> product(@Path("id") long id);

    @GET("products/{id}/successor")
    Maybe<Product> successor(@Path("id") long id);

    @GET("products")
    Flowable<Product> search(@Query("q") String query);

    @GET("products/recent")
    Observable<Product> recent();

    @DELETE("products/{id}")
    Completable remove(@Path("id") long id);
}
