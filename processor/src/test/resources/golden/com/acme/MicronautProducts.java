package com.acme;

import dev.lightcache.annotations.Cached;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import org.reactivestreams.Publisher;

/** A Micronaut declarative {@code @Client}. */
@Cached
public interface MicronautProducts {
    @Get("/products")
    Publisher<Product> list();

    @Get("/products/{id}")
    HttpResponse<Product> show(long id);

    @Delete("/products/{id}")
    Publisher<HttpResponse<?>> delete(long id);
}
