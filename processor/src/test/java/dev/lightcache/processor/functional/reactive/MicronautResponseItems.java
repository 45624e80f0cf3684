package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.processor.functional.Item;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Get;

/** A Micronaut declarative client: {@code HttpResponse}. */
@Cached(expirationSeconds = 60)
public interface MicronautResponseItems {
  @Get("/items/{id}")
  HttpResponse<Item> item(long id);

  @Get("/items/{id}/summary")
  Item summary(long id);
}
