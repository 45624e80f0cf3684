package com.acme;

import dev.lightcache.annotations.Cached;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import retrofit2.Response;
import retrofit2.http.GET;
import retrofit2.http.Path;

/** Responses that carry a status: only 2xx ones are cached. */
@Cached
public interface ProductResponses {
    @GET("products/{id}")
    CompletableFuture<Response<Product>> product(@Path("id") long id);

    @GET("products/{id}/raw")
    HttpResponse<String> raw(@Path("id") long id);
}
