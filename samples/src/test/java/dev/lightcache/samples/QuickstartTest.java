package dev.lightcache.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.CacheStats;
import dev.lightcache.samples.quickstart.Quickstart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The quickstart really runs, and prints what the README says it prints. */
class QuickstartTest {

  @Test
  void printsMissesHitsAnInvalidationAndTheStats() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CacheStats stats = Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 20);
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(3, stats.hits(), output);
    assertEquals(3, stats.misses(), output);
    assertEquals(1, stats.invalidations(), output);
    assertTrue(output.contains("hitRate=0.50"), output);
    assertTrue(output.contains("calls that reached the store: 4"), output);
    assertTrue(output.contains("name=renamed"), "the write is visible after the invalidation: " + output);
  }
}
