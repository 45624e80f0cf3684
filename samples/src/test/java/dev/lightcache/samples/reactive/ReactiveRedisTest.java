package dev.lightcache.samples.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcache.runtime.CachingProxy;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.JacksonCodec;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import dev.lightcache.runtime.redis.RedisServerExtension;
import dev.lightcache.samples.quickstart.Product;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import redis.clients.jedis.RedisClient;

/**
 * The reactive samples' clients over a real redis-server, as two processes would use them: two
 * proxies, each with its own {@link DefaultRedisCache}, in front of one {@link ProductServer}. Redis
 * holds the values the publishers emitted (the JSON of a {@code Product}, or of a list of them), never
 * a publisher; one process's load is the other's hit; errors are not cached; a {@code Mono<Void>}
 * delete in one process is a miss in the other once it has completed; and responses with a status are
 * not cached over Redis at all.
 *
 * <p>Note: a reactive load hands its value to the subscriber before the store in Redis is over (the
 * store runs on the cache's own threads), so these tests wait, for a bounded time, until the entry is
 * there before the other process reads it.
 */
class ReactiveRedisTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final String PREFIX = "lightcache-samples-reactive:";
  private static final RedisCacheConfig CONFIG = RedisCacheConfig.builder().prefix(PREFIX).build();
  private static final ObjectMapper JSON = JacksonCodec.newDefaultMapper();
  private static final long WAIT_SECONDS = 5;

  private final ProductServer server = new ProductServer(12);
  private DefaultRedisCache cacheA;
  private DefaultRedisCache cacheB;
  private RedisClient client;

  @BeforeEach
  void twoProcesses() {
    cacheA = new DefaultRedisCache(redis.url(), CONFIG);
    cacheB = new DefaultRedisCache(redis.url(), CONFIG);
    cacheA.flush();
    client = redis.newClient();
  }

  @AfterEach
  void close() {
    client.close();
    cacheA.close();
    cacheB.close();
  }

  // ---------------------------------------------------------------- values, not publishers

  @Test
  void aMonoStoresItsValueAndTheOtherProcessHitsIt() {
    ReactorProductClient a = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheA);
    ReactorProductClient b = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheB);
    Product product = a.get(7).block();
    assertEquals(new Product(7, "product-7", 700), product);
    assertStoredJson(ReactorProductClient.class, "get(long):7", product);
    assertEquals(product, b.get(7).block());
    assertEquals(1, server.requests(), "one request between the two processes");
    assertEquals(1, ((CachingProxy) b).stats().hits());
  }

  @Test
  void aFluxStoresItsElementsAsAListAndTheOtherProcessReplaysThem() {
    ReactorProductClient a = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheA);
    ReactorProductClient b = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheB);
    List<Product> page = a.list(0).collectList().block();
    assertEquals(ProductServer.PAGE_SIZE, page.size());
    assertStoredJson(ReactorProductClient.class, "list(int):0", page);
    assertEquals(page, b.list(0).collectList().block());
    assertEquals(1, server.requests());
  }

  @Test
  void anEmptyFluxIsStoredAsAnEmptyList() {
    ReactorProductClient a = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheA);
    ReactorProductClient b = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheB);
    assertEquals(List.of(), a.list(9).collectList().block());
    assertStoredJson(ReactorProductClient.class, "list(int):9", List.of());
    assertEquals(List.of(), b.list(9).collectList().block());
    assertEquals(1, server.requests());
  }

  @Test
  void aUniStoresItsItemAndTheOtherProcessHitsIt() {
    MutinyProductClient a = CachedMutinyProductClient.wrap(new MutinySample.FakeClient(server), cacheA);
    MutinyProductClient b = CachedMutinyProductClient.wrap(new MutinySample.FakeClient(server), cacheB);
    Product product = a.get(7).await().indefinitely();
    assertStoredJson(MutinyProductClient.class, "get(long):7", product);
    assertEquals(product, b.get(7).await().indefinitely());
    List<Product> page = a.list(0).await().indefinitely();
    assertStoredJson(MutinyProductClient.class, "list(int):0", page);
    assertEquals(page, b.list(0).await().indefinitely());
    assertEquals(2, server.requests(), "one request per key between the two processes");
  }

  @Test
  void aSingleStoresItsValueAndTheOtherProcessHitsIt() {
    RxJavaProductService a = CachedRxJavaProductService.wrap(new RxJavaSample.FakeService(server), cacheA);
    RxJavaProductService b = CachedRxJavaProductService.wrap(new RxJavaSample.FakeService(server), cacheB);
    Product product = a.get(7).blockingGet();
    assertStoredJson(RxJavaProductService.class, "get(long):7", product);
    assertEquals(product, b.get(7).blockingGet());
    List<Product> page = a.list(0).blockingGet();
    assertStoredJson(RxJavaProductService.class, "list(int):0", page);
    assertEquals(page, b.list(0).blockingGet());
    assertEquals(2, server.requests());
  }

  @Test
  void aPublisherStoresItsElementsAsAListAndTheOtherProcessReplaysThem() {
    MicronautProductClient a = CachedMicronautProductClient.wrap(new MicronautSample.FakeClient(server), cacheA);
    MicronautProductClient b = CachedMicronautProductClient.wrap(new MicronautSample.FakeClient(server), cacheB);
    List<Product> one = Flux.from(a.get(7)).collectList().block();
    assertEquals(List.of(new Product(7, "product-7", 700)), one);
    assertStoredJson(MicronautProductClient.class, "get(long):7", one);
    assertEquals(one, Flux.from(b.get(7)).collectList().block());
    assertEquals(1, server.requests());
  }

  @Test
  void withAnExecutorTheDelegatesPublisherIsSubscribedOnIt() {
    ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "proxy-executor"));
    try {
      List<String> threads = new CopyOnWriteArrayList<>();
      ReactorProductClient a =
          CachedReactorProductClient.builder(
                  new ReactorSample.FakeClient(server) {
                    @Override
                    public Mono<Product> get(long id) {
                      return Mono.defer(() -> {
                        threads.add(Thread.currentThread().getName());
                        return super.get(id);
                      });
                    }
                  })
              .cache(cacheA)
              .executor(executor)
              .build();
      assertEquals(new Product(7, "product-7", 700), a.get(7).block());
      assertEquals(List.of("proxy-executor"), threads, "not the subscriber's thread");
    } finally {
      executor.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void errorsAreNeverStored() {
    ReactorProductClient reactorA = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheA);
    ReactorProductClient reactorB = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheB);
    MutinyProductClient mutinyA = CachedMutinyProductClient.wrap(new MutinySample.FakeClient(server), cacheA);
    MutinyProductClient mutinyB = CachedMutinyProductClient.wrap(new MutinySample.FakeClient(server), cacheB);
    RxJavaProductService rxA = CachedRxJavaProductService.wrap(new RxJavaSample.FakeService(server), cacheA);
    RxJavaProductService rxB = CachedRxJavaProductService.wrap(new RxJavaSample.FakeService(server), cacheB);

    assertThrows(NoSuchElementException.class, () -> reactorA.get(99).block());
    assertThrows(NoSuchElementException.class, () -> reactorB.get(99).block());
    assertThrows(NoSuchElementException.class, () -> reactorA.get(99).block());
    assertThrows(NoSuchElementException.class, () -> mutinyA.get(99).await().indefinitely());
    assertThrows(NoSuchElementException.class, () -> mutinyB.get(99).await().indefinitely());
    assertThrows(NoSuchElementException.class, () -> rxA.get(99).blockingGet());
    assertThrows(NoSuchElementException.class, () -> rxB.get(99).blockingGet());
    assertEquals(7, server.requests(), "every call asked the server");
    assertEquals(List.of(), entries(), "nothing was stored");
  }

  // ---------------------------------------------------------------- writes

  @Test
  void aMonoVoidDeleteInOneProcessIsAMissInTheOtherOnceItCompleted() {
    ReactorProductClient a = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheA);
    ReactorProductClient b = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheB);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(b.list(0)));
    awaitStored(ReactorProductClient.class, "list(int):0");

    Mono<Void> delete = a.delete(3);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(b.list(0)), "returned, not run: still a hit in B");
    assertEquals(1, server.requests());
    assertNotNull(raw(ReactorProductClient.class, "list(int):0"));

    delete.block();
    assertEquals(2, server.requests(), "the DELETE was sent");
    assertNull(raw(ReactorProductClient.class, "list(int):0"), "the entry is gone from Redis");
    assertEquals(List.of(1L, 2L, 4L, 5L, 6L), ids(b.list(0)), "B misses and loads the new page");
    assertEquals(3, server.requests());
  }

  @Test
  void aLoadInFlightInOneProcessWhenTheOtherDeletesIsNotStored() {
    CompletableFuture<Void> release = new CompletableFuture<>();
    ReactorProductClient a = CachedReactorProductClient.wrap(new ReactorSample.FakeClient(server), cacheA);
    ReactorProductClient b =
        CachedReactorProductClient.wrap(
            new ReactorSample.FakeClient(server) {
              @Override
              public Flux<Product> list(int page) {
                // Reads the page at once, answers once released: a response that was in flight
                // when the delete ran.
                return Flux.defer(() -> {
                  List<Product> read = server.page(page);
                  return Mono.fromFuture(release, true).thenMany(Flux.fromIterable(read));
                });
              }
            },
            cacheB);
    CompletableFuture<List<Product>> inFlight = b.list(0).collectList().toFuture();
    a.delete(3).block();
    release.complete(null);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), inFlight.join().stream().map(Product::id).toList(),
        "the call that started before the delete may see the old page");
    await(() -> cacheB.refusedFillCount() == 1, "B's fill to be refused");
    assertNull(raw(ReactorProductClient.class, "list(int):0"), "the old page is not in Redis");
    assertEquals(List.of(1L, 2L, 4L, 5L, 6L), ids(a.list(0)), "a call after the delete gets the new page");
  }

  // ---------------------------------------------------------------- responses

  /**
   * The warning is logged once per method per class loader (the flag is on the generated class's
   * method descriptor), so this is the only test that calls {@code ResponseProductClient} over a
   * backend other than {@code InMemoryCache}.
   */
  @Test
  void responsesAreNotCachedOverRedisWithOneWarningPerMethod() {
    List<String> warnings = new ArrayList<>();
    Logger logger = Logger.getLogger("dev.lightcache");
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
              synchronized (warnings) {
                warnings.add(new SimpleFormatter().formatMessage(record));
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      ResponseProductClient a = CachedResponseProductClient.wrap(new ResponseSample.FakeClient(server), cacheA);
      ResponseProductClient b = CachedResponseProductClient.wrap(new ResponseSample.FakeClient(server), cacheB);
      assertEquals(200, a.get(7).getStatusCode().value());
      assertEquals(200, a.get(7).getStatusCode().value());
      assertEquals(200, b.get(7).getStatusCode().value());
      assertEquals(3, server.requests(), "a miss every time, in either process");
      assertEquals(200, a.list(0).block().getStatusCode().value());
      assertEquals(200, a.list(0).block().getStatusCode().value());
      assertEquals(5, server.requests());
      assertEquals(List.of(), entries(), "nothing was stored");
      assertEquals(4, ((CachingProxy) a).stats().misses(), "each of A's four calls");
      assertEquals(0, ((CachingProxy) a).stats().hits());
    } finally {
      logger.removeHandler(handler);
    }
    synchronized (warnings) {
      assertEquals(2, warnings.size(), "one warning per method, not per call: " + warnings);
      String namespace = ResponseProductClient.class.getName();
      assertTrue(warnings.stream().anyMatch(w -> w.contains(namespace + ".get(long) returns responses")), warnings::toString);
      assertTrue(warnings.stream().anyMatch(w -> w.contains(namespace + ".list(int) returns responses")), warnings::toString);
      assertTrue(warnings.stream().allMatch(w -> w.contains(DefaultRedisCache.class.getName())), warnings::toString);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String key(Class<?> endpoint, String entry) {
    return PREFIX + endpoint.getName() + ":v1:" + entry;
  }

  private String raw(Class<?> endpoint, String entry) {
    return client.get(key(endpoint, entry));
  }

  /** The samples' entries in Redis (not the cache's own bookkeeping keys). */
  private List<String> entries() {
    return List.copyOf(client.keys(PREFIX + ProductServer.class.getPackageName() + ".*"));
  }

  /** Waits until the entry is in Redis (the store after a reactive load is asynchronous), and returns it. */
  private String awaitStored(Class<?> endpoint, String entry) {
    await(() -> raw(endpoint, entry) != null, key(endpoint, entry) + " to be stored");
    return raw(endpoint, entry);
  }

  /** The entry holds exactly the JSON of {@code value}: the emitted value, not a publisher. */
  private void assertStoredJson(Class<?> endpoint, String entry, Object value) {
    String stored = awaitStored(endpoint, entry);
    JsonNode tree;
    JsonNode expected;
    try {
      tree = JSON.readTree(stored);
      expected = JSON.readTree(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + stored, e);
    }
    assertEquals(expected, tree, stored);
    assertFalse(stored.contains("Mono") || stored.contains("Flux") || stored.contains("Uni"), stored);
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("waited " + WAIT_SECONDS + " s for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static List<Long> ids(Flux<Product> products) {
    return products.map(Product::id).collectList().block();
  }

}
