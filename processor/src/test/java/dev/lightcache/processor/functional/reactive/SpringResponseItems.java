package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.processor.functional.Item;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import reactor.core.publisher.Mono;

/** A Spring HTTP interface client: {@code ResponseEntity}, plain and in a {@code Mono}. */
@Cached(expirationSeconds = 60)
@HttpExchange("/items")
public interface SpringResponseItems {
  @GetExchange("/{id}")
  ResponseEntity<Item> item(@PathVariable long id);

  @GetExchange("/{id}")
  Mono<ResponseEntity<Item>> itemMono(@PathVariable long id);

  @GetExchange("/{id}/summary")
  Item summary(@PathVariable long id);
}
