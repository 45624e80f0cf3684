package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.processor.functional.Item;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import org.reactivestreams.Publisher;

/**
 * A Micronaut declarative client ({@code @Client("/items")} in an application) returning Reactive
 * Streams publishers. Reactor is on this build's compile classpath, so the reads are cached (collected
 * and replayed as a {@code Flux}); the writes invalidate through {@code ReactiveStreamsCalls}, which
 * needs no Reactor.
 */
@Cached(expirationSeconds = 60)
public interface PublisherItems {
  /** One item, as a publisher of one element. */
  @Get("/{id}")
  Publisher<Item> get(@PathVariable long id);

  @Get("/{id}/tags")
  Publisher<String> tags(@PathVariable long id);

  @Delete("/{id}")
  Publisher<Void> delete(@PathVariable long id);

  /** Deletes the item and returns it as it was. */
  @Delete("/{id}/remove")
  Publisher<Item> remove(@PathVariable long id);

  @Put("/{id}")
  Publisher<Item> update(@PathVariable long id, @Body Item item);
}
