package dev.lightcache.runtime.redis;

import static dev.lightcache.runtime.redis.NearCacheRedisTest.STRING;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.awaitDropped;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.describe;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.fillNear;
import static dev.lightcache.runtime.redis.NearCacheRedisTest.serving;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Invalidations from a real second JVM ({@link NearCacheChild}) drop this process's near entries:
 * a delete, a prefix invalidation and a flush, each measured from the moment this process asks the
 * child for it to the moment the entry is gone here (so it includes the pipe to the child).
 */
class NearCacheProcessTest {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final long STEP_SECONDS = 30;
  private static final int ROUNDS = 50;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void invalidationsFromAnotherJvmDropTheNearEntries() throws Exception {
    String prefix = "near-process-" + UUID.randomUUID() + ":";
    RedisCacheConfig config =
        RedisCacheConfig.builder().prefix(prefix).nearCache(100, Duration.ofMinutes(1)).build();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NearCacheChild.class.getName(),
                redis.url(),
                prefix)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (DefaultRedisCache cache = serving(new DefaultRedisCache(redis.url(), config))) {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
      assertEquals("READY", readLine(out));
      in.write("delete warm-up\n"); // the child builds its client on its first call: not measured
      in.flush();
      assertEquals("DONE", readLine(out));

      long[] deletes = new long[ROUNDS];
      for (int i = 0; i < ROUNDS; i++) {
        cache.set("k", "v" + i, Duration.ofMinutes(1));
        fillNear(cache, "k", "v" + i);
        deletes[i] = ask(in, out, "delete k", cache, "k");
        assertNull(cache.get("k", STRING));
      }
      System.out.println("[near] delete from another JVM, request to the child until the near"
          + " entry is dropped here: " + describe(deletes));

      cache.set("E:v1:get:1", "1", Duration.ofMinutes(1));
      cache.set("F:v1:get:1", "2", Duration.ofMinutes(1));
      fillNear(cache, "E:v1:get:1", "1");
      fillNear(cache, "F:v1:get:1", "2");
      long prefixNanos = ask(in, out, "prefix E:v1:", cache, "E:v1:get:1");
      assertNull(cache.get("E:v1:get:1", STRING));
      long nearHits = cache.nearHitCount();
      assertEquals("2", cache.get("F:v1:get:1", STRING), "another prefix's entry stays");
      assertEquals(nearHits + 1, cache.nearHitCount());

      long flushNanos = ask(in, out, "flush", cache, "F:v1:get:1");
      assertNull(cache.get("F:v1:get:1", STRING));
      System.out.printf(
          "[near] prefix from another JVM: %.3f ms; flush: %.3f ms%n", prefixNanos / 1e6, flushNanos / 1e6);

      in.close();
      assertTrue(child.waitFor(STEP_SECONDS, TimeUnit.SECONDS), "the child did not exit");
      assertEquals(0, child.exitValue());
    } finally {
      child.destroyForcibly();
    }
  }

  /** Sends one command to the child and waits until this process's near entry of key is dropped. */
  private static long ask(Writer in, BufferedReader out, String command, DefaultRedisCache cache, String key)
      throws Exception {
    long start = System.nanoTime();
    in.write(command + "\n");
    in.flush();
    long dropped = awaitDropped(cache, key, start);
    assertEquals("DONE", readLine(out));
    return dropped;
  }

  private static String readLine(BufferedReader out) throws Exception {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return line.get(STEP_SECONDS, TimeUnit.SECONDS);
  }
}
