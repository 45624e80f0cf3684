package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lightcache.processor.functional.Item;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ReactorBehaviourTest {

  /** Counts subscriptions to its publishers: each is one request of a real client. */
  static final class Server implements ReactorItems {
    final AtomicInteger requests = new AtomicInteger();

    @Override
    public Mono<Item> get(long id) {
      return Mono.fromCallable(() -> new Item(id, "item " + id + " #" + requests.incrementAndGet()));
    }

    @Override
    public Flux<Item> list(String category) {
      return Flux.defer(() -> {
        int n = requests.incrementAndGet();
        return Flux.just(new Item(1, category + n), new Item(2, category + n));
      });
    }

    @Override
    public Mono<Void> delete(long id) {
      return Mono.fromRunnable(requests::incrementAndGet);
    }

    @Override
    public Mono<Item> update(long id, Item item) {
      return Mono.fromCallable(() -> { requests.incrementAndGet(); return item; });
    }
  }

  @Test
  void subscribingThreeTimesSendsOneRequest() {
    Server server = new Server();
    ReactorItems items = CachedReactorItems.wrap(server);
    Mono<Item> get = items.get(7);
    assertEquals(0, server.requests.get(), "nothing runs before a subscription");
    StepVerifier.create(get).expectNext(new Item(7, "item 7 #1")).verifyComplete();
    StepVerifier.create(get).expectNext(new Item(7, "item 7 #1")).verifyComplete();
    StepVerifier.create(items.get(7)).expectNext(new Item(7, "item 7 #1")).verifyComplete();
    assertEquals(1, server.requests.get());
  }

  @Test
  void aFluxIsReplayedFromOneRequest() {
    Server server = new Server();
    ReactorItems items = CachedReactorItems.wrap(server);
    List<Item> first = items.list("a").collectList().block();
    List<Item> second = items.list("a").collectList().block();
    assertEquals(List.of(new Item(1, "a1"), new Item(2, "a1")), first);
    assertEquals(first, second);
    assertEquals(1, server.requests.get());
  }

  @Test
  void aDeleteInvalidatesWhenItCompletesNotWhenItIsReturned() {
    Server server = new Server();
    ReactorItems items = CachedReactorItems.wrap(server);
    items.get(7).block();
    Mono<Void> delete = items.delete(7);
    assertEquals(new Item(7, "item 7 #1"), items.get(7).block(), "not invalidated before the delete runs");
    delete.block();
    assertEquals(new Item(7, "item 7 #3"), items.get(7).block());
  }
}
