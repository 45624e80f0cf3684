package dev.lightcache.samples.frameworks.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import dev.lightcache.samples.quickstart.Product;
import dev.lightcache.samples.quickstart.ProductEndpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot recipe of docs/frameworks.md, in a real Boot application (auto-configuration and
 * Boot's Micrometer module included) whose HTTP client talks to a real HTTP server on a loopback port.
 * One application for the class; each test uses its own ids and reads counters as differences.
 */
class CatalogueApplicationTest {

  private static final String PRODUCTS = "dev.lightcache.samples.quickstart.ProductEndpoint";
  private static final String CLIENT = "dev.lightcache.samples.frameworks.spring.ProductClient";

  /** Requests the server answered, by "METHOD path". */
  private static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  /** Bodies of products that were PUT, by id. */
  private static final Map<Long, String> stored = new ConcurrentHashMap<>();

  private static HttpServer server;
  private static ConfigurableApplicationContext context;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/products/", CatalogueApplicationTest::serve);
    server.start();
    context =
        new SpringApplicationBuilder(CatalogueApplication.class)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .properties("catalogue.url=http://127.0.0.1:" + server.getAddress().getPort())
            .run();
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void whereAProductEndpointIsInjectedItIsTheCachedBean() {
    ProductEndpoint products = context.getBean(ProductEndpoint.class);
    assertInstanceOf(CachedProductEndpoint.class, products);
    assertEquals(2, context.getBeansOfType(ProductEndpoint.class).size(), "the delegate is a bean too");

    ProductService service = context.getBean(ProductService.class);
    int before = service.calls();
    products.get(1);
    products.get(1);
    assertEquals(before + 1, service.calls(), "two calls with one id: one reaches the service");

    products.post(new Product(1, "renamed", 100));
    assertEquals(before + 2, service.calls());
    assertEquals("renamed", products.get(1).name());
    assertEquals(before + 3, service.calls(), "the post invalidated: the next get reaches the service");
  }

  @Test
  void theHttpClientSendsOneRequestPerEntryAndAPutDropsItsEntry() {
    ProductClient client = context.getBean(ProductClient.class);
    assertInstanceOf(CachedProductClient.class, client);

    assertEquals(new Product(2, "product-2", 200), client.get(2));
    assertEquals(new Product(2, "product-2", 200), client.get(2));
    client.get(3);
    assertEquals(1, requests("GET /products/2"), "two calls with one id: one request");
    assertEquals(1, requests("GET /products/3"));

    client.put(2, new Product(2, "renamed", 250));
    assertEquals(1, requests("PUT /products/2"));
    assertEquals(new Product(2, "renamed", 250), client.get(2));
    assertEquals(2, requests("GET /products/2"), "the put dropped get(2): the next call is a request");
    client.get(3);
    assertEquals(1, requests("GET /products/3"), "and only get(2): get(3) is still a hit");
  }

  @Test
  void theMetersAreInTheRegistryBootConfigured() {
    MeterRegistry registry = context.getBean(MeterRegistry.class);
    ProductClient client = context.getBean(ProductClient.class);
    ProductEndpoint products = context.getBean(ProductEndpoint.class);
    double clientHits = gets(registry, CLIENT, "hit");
    double clientMisses = gets(registry, CLIENT, "miss");
    double productHits = gets(registry, PRODUCTS, "hit");
    double productMisses = gets(registry, PRODUCTS, "miss");

    client.get(4);
    client.get(4);
    products.get(4);
    products.get(4);
    products.get(4);

    assertEquals(clientHits + 1, gets(registry, CLIENT, "hit"));
    assertEquals(clientMisses + 1, gets(registry, CLIENT, "miss"));
    assertEquals(productHits + 2, gets(registry, PRODUCTS, "hit"));
    assertEquals(productMisses + 1, gets(registry, PRODUCTS, "miss"));
    assertEquals(1, requests("GET /products/4"));
  }

  private static double gets(MeterRegistry registry, String cache, String result) {
    FunctionCounter counter =
        registry.get("cache.gets").tag("cache", cache).tag("result", result).functionCounter();
    return counter.count();
  }

  private static int requests(String request) {
    AtomicInteger count = requests.get(request);
    return count == null ? 0 : count.get();
  }

  /** GET /products/{id}: the product, as stored by a PUT or as generated; PUT: stores the body. */
  private static void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.computeIfAbsent(exchange.getRequestMethod() + " " + path, k -> new AtomicInteger())
        .incrementAndGet();
    long id = Long.parseLong(path.substring("/products/".length()));
    String body;
    if (exchange.getRequestMethod().equals("PUT")) {
      body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      stored.put(id, body);
    } else {
      body =
          stored.getOrDefault(
              id, "{\"id\":" + id + ",\"name\":\"product-" + id + "\",\"priceCents\":" + 100 * id + "}");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
