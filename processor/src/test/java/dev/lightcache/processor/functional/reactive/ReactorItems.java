package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.processor.functional.Item;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A Spring {@code @HttpExchange}-style client: Reactor returns. */
@Cached(expirationSeconds = 60)
public interface ReactorItems {
  Mono<Item> get(long id);

  Flux<Item> list(String category);

  Mono<Void> delete(long id);

  Mono<Item> update(long id, Item item);
}
