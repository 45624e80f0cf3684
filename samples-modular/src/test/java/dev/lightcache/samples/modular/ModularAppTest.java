package dev.lightcache.samples.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.Cache;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module path, as a user's modular application has it: javac compiled this module (it has a
 * {@code module-info.java}) with the processor, and the test starts a second JVM with
 * {@code java -p target/classes:target/modules -m dev.lightcache.samples.modular/...ModularApp}, every
 * runtime jar in {@code target/modules} and only the modules that {@code module-info.java} requires
 * resolved, against a real {@code redis-server} that it starts.
 */
class ModularAppTest {

  private static Process redis;
  private static int redisPort;

  @BeforeAll
  static void startRedis() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      redisPort = socket.getLocalPort();
    }
    redis =
        new ProcessBuilder(
                "redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!answersPing()) {
      assertTrue(redis.isAlive(), "redis-server exited");
      assertTrue(System.nanoTime() < deadline, "redis-server did not answer PING within 10 s");
      Thread.sleep(20);
    }
  }

  private static boolean answersPing() {
    try (Socket socket = new Socket("127.0.0.1", redisPort)) {
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[7];
      return socket.getInputStream().readNBytes(reply, 0, 7) == 7
          && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException notYet) {
      return false;
    }
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (redis != null) {
      redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theTestsThemselvesRunInTheNamedModules() {
    assertEquals("dev.lightcache.samples.modular", ModularApp.class.getModule().getName());
    assertEquals("dev.lightcache.runtime", Cache.class.getModule().getName());
  }

  @Test
  void theApplicationRunsOnTheModulePath() throws Exception {
    List<String> lines = runApp("redis://127.0.0.1:" + redisPort);

    assertTrue(lines.contains("app module: dev.lightcache.samples.modular"), lines::toString);
    assertTrue(lines.contains("runtime module: dev.lightcache.runtime"), lines::toString);
    // The generated proxy, in this module, calls the runtime's exported support for generated code.
    assertTrue(lines.contains("in-memory lookups: 1"), lines::toString);
    // Micrometer, an optional (static) dependency of the runtime, is read once this module requires it.
    assertTrue(lines.contains("cache.gets hit: 1.0"), lines::toString);
    // Jedis and Jackson (with its java.time module, found as databind's service provider): a value
    // stored by one proxy is read back by another, equal, without a second lookup or a Redis error.
    assertTrue(lines.contains("redis lookups: 1"), lines::toString);
    assertTrue(lines.contains("redis value equal: true"), lines::toString);
    assertTrue(lines.contains("redis errors: 0"), lines::toString);
  }

  @Test
  void theProxyOmitsJavaxGeneratedWhereTheModuleCannotSeeIt() throws IOException {
    // This module does not read java.compiler, where @javax.annotation.processing.Generated lives: the
    // processor leaves that annotation out rather than make the module require java.compiler.
    Path proxy =
        Path.of("target/generated-sources/annotations/dev/lightcache/samples/modular/CachedCatalog.java");
    String source = Files.readString(proxy);
    assertFalse(source.contains("javax.annotation.processing.Generated"), source);
    assertTrue(source.contains("@LightcacheGenerated(\"dev.lightcache.samples.modular.Catalog\")"), source);
  }

  /** Runs the application in a second JVM, on the module path, and returns its output's lines. */
  private static List<String> runApp(String redisUrl) throws Exception {
    // As a user lays it out: the application's classes, and every jar it needs in one directory.
    String modulePath = "target/classes" + java.io.File.pathSeparator + "target/modules";
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process app =
        new ProcessBuilder(
                java, "-p", modulePath,
                "-m", "dev.lightcache.samples.modular/dev.lightcache.samples.modular.ModularApp",
                redisUrl)
            .redirectErrorStream(true)
            .start();
    byte[] output;
    try (InputStream in = app.getInputStream()) {
      output = in.readAllBytes();
    }
    assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the application did not exit");
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, app.exitValue(), text);
    return new ArrayList<>(text.lines().toList());
  }
}
