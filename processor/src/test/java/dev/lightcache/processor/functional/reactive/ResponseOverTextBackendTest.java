package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.processor.functional.MapCache;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.JdkServer;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.MicronautServer;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.RetrofitServer;
import dev.lightcache.processor.functional.reactive.ResponseFixtures.SpringServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Responses over a backend that serialises ({@link MapCache} is a text-key backend): a response is not
 * cached at all, even a 200, and the runtime warns once per method, never once per call; the plain
 * entities of the same interfaces are still cached.
 *
 * <p>The runtime remembers that it warned about a method for the whole JVM (the flag sits on the
 * generated class's method constant), so each method below is used over a text backend in this test
 * class only, and in one test only.
 */
class ResponseOverTextBackendTest {

  /** The runtime logs with {@code System.getLogger("dev.lightcache")}: java.util.logging by default. */
  private final Logger logger = Logger.getLogger("dev.lightcache");
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(formatter.formatMessage(record));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureWarnings() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    logger.removeHandler(capture);
  }

  /** The warnings that name {@code type.method}, such as {@code RetrofitResponseItems.item(long)}. */
  private long warningsAbout(String method) {
    return warnings.stream().filter(w -> w.contains("." + method + " returns responses")).count();
  }

  @Test
  void retrofitResponsesAreRequestedEveryTimeWithOneWarningPerMethod() throws Exception {
    RetrofitServer server = new RetrofitServer();
    RetrofitResponseItems items = CachedRetrofitResponseItems.wrap(server, new MapCache());
    for (int i = 0; i < 3; i++) {
      assertEquals(200, items.item(1).code());
      assertEquals(200, items.itemAsync(1).get().code());
      assertEquals(200, items.itemSingle(1).blockingGet().code());
      assertEquals(items.summary(1), items.summary(1));
    }
    assertEquals(3, server.server.requests("item"), "a 200 is not cached over a text backend");
    assertEquals(3, server.server.requests("itemAsync"));
    assertEquals(3, server.server.requests("itemSingle"));
    assertEquals(1, server.server.requests("summary"), "a plain entity is still cached");
    assertEquals(1, warningsAbout("RetrofitResponseItems.item(long)"), () -> "" + warnings);
    assertEquals(1, warningsAbout("RetrofitResponseItems.itemAsync(long)"), () -> "" + warnings);
    assertEquals(1, warningsAbout("RetrofitResponseItems.itemSingle(long)"), () -> "" + warnings);
    assertEquals(3, warnings.size(), () -> "" + warnings);
    assertTrue(warnings.get(0).contains(MapCache.class.getName()), warnings.get(0));
  }

  @Test
  void springResponsesAreRequestedEveryTimeWithOneWarningPerMethod() {
    SpringServer server = new SpringServer();
    SpringResponseItems items = CachedSpringResponseItems.wrap(server, new MapCache());
    for (int i = 0; i < 3; i++) {
      assertEquals(200, items.item(1).getStatusCode().value());
      assertEquals(200, items.itemMono(1).block().getStatusCode().value());
      assertEquals(items.summary(1), items.summary(1));
    }
    assertEquals(3, server.server.requests("item"));
    assertEquals(3, server.server.requests("itemMono"));
    assertEquals(1, server.server.requests("summary"));
    assertEquals(1, warningsAbout("SpringResponseItems.item(long)"), () -> "" + warnings);
    assertEquals(1, warningsAbout("SpringResponseItems.itemMono(long)"), () -> "" + warnings);
    assertEquals(2, warnings.size(), () -> "" + warnings);
  }

  @Test
  void micronautResponsesAreRequestedEveryTimeWithOneWarning() {
    MicronautServer server = new MicronautServer();
    MicronautResponseItems items = CachedMicronautResponseItems.wrap(server, new MapCache());
    for (int i = 0; i < 3; i++) {
      assertEquals(200, items.item(1).code());
      assertEquals(items.summary(1), items.summary(1));
    }
    assertEquals(3, server.server.requests("item"));
    assertEquals(1, server.server.requests("summary"));
    assertEquals(1, warningsAbout("MicronautResponseItems.item(long)"), () -> "" + warnings);
    assertEquals(1, warnings.size(), () -> "" + warnings);
  }

  @Test
  void jdkResponsesAreRequestedEveryTimeWithOneWarningPerMethod() throws Exception {
    JdkServer server = new JdkServer();
    JdkResponseItems items = CachedJdkResponseItems.wrap(server, new MapCache());
    for (int i = 0; i < 3; i++) {
      assertEquals(200, items.getItem(1).statusCode());
      assertEquals(200, items.getBytes(1).statusCode());
      assertEquals(200, items.getItemAsync(1).get().statusCode());
      assertEquals(items.getSummary(1), items.getSummary(1));
    }
    assertEquals(3, server.server.requests("getItem"));
    assertEquals(3, server.server.requests("getBytes"));
    assertEquals(3, server.server.requests("getItemAsync"));
    assertEquals(1, server.server.requests("getSummary"));
    assertEquals(1, warningsAbout("JdkResponseItems.getItem(long)"), () -> "" + warnings);
    assertEquals(1, warningsAbout("JdkResponseItems.getBytes(long)"), () -> "" + warnings);
    assertEquals(1, warningsAbout("JdkResponseItems.getItemAsync(long)"), () -> "" + warnings);
    assertEquals(3, warnings.size(), () -> "" + warnings);
  }
}
