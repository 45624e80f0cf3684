package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.processor.functional.Item;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A Spring {@code @HttpExchange} client with Reactor returns, as a WebClient-backed proxy has. */
@HttpExchange("/items")
@Cached(expirationSeconds = 60)
public interface ReactorItems {
  @GetExchange("/{id}")
  Mono<Item> get(@PathVariable long id);

  @GetExchange
  Flux<Item> list(@RequestParam String category);

  /** Empty when no item has that name: not cached (no {@code cacheNulls}). */
  @GetExchange("/search")
  Mono<Item> find(@RequestParam String name);

  /** Empty when no item has that name: cached as empty. */
  @Cached(cacheNulls = true)
  @GetExchange("/by-name")
  Mono<Item> lookup(@RequestParam String name);

  @DeleteExchange("/{id}")
  Mono<Void> delete(@PathVariable long id);

  @PutExchange("/{id}")
  Mono<Item> update(@PathVariable long id, @RequestBody Item item);

  /** Stores the items and returns them as stored. */
  @PostExchange("/import")
  Flux<Item> importAll(@RequestBody List<Item> items);
}
