package dev.lightcache.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Report#load} reads JMH's JSON result files through {@link JmhEntry}. */
class ReportLoadTest {

  /** Two entries as JMH 1.37 writes them with {@code -rf json -prof gc}, trimmed of unread fields. */
  private static final String HIT = """
      [
          {
              "jmhVersion" : "1.37",
              "benchmark" : "dev.lightcache.benchmarks.HitBench.hit1",
              "mode" : "avgt",
              "threads" : 2,
              "forks" : 2,
              "jvmArgs" : [ "-Xmx1g" ],
              "vmName" : "OpenJDK 64-Bit Server VM",
              "vmVersion" : "17.0.15+6",
              "warmupIterations" : 5,
              "warmupTime" : "2 s",
              "measurementIterations" : 4,
              "measurementTime" : "1 s",
              "params" : {
                  "contender" : "GENERATED",
                  "keys" : "1024"
              },
              "primaryMetric" : {
                  "score" : 24.5,
                  "scoreError" : 1.25E-1,
                  "scoreConfidence" : [ 24.375, 24.625 ],
                  "scoreUnit" : "ns/op",
                  "rawData" : [ [ 24.4, 24.6 ] ]
              },
              "secondaryMetrics" : {
                  "gc.alloc.rate.norm" : {
                      "score" : 24.000001,
                      "scoreError" : "NaN",
                      "scoreUnit" : "B/op"
                  },
                  "loads" : {
                      "score" : 16,
                      "scoreError" : 0,
                      "scoreUnit" : "#"
                  }
              }
          },
          {
              "benchmark" : "dev.lightcache.benchmarks.ClockBench.nanoTime",
              "threads" : 1,
              "forks" : 1,
              "vmName" : "OpenJDK 64-Bit Server VM",
              "vmVersion" : "25+36",
              "warmupIterations" : 1,
              "warmupTime" : "1 s",
              "measurementIterations" : 2,
              "measurementTime" : "500 ms",
              "primaryMetric" : {
                  "score" : 0.02,
                  "scoreError" : "NaN",
                  "scoreUnit" : "us/op"
              },
              "secondaryMetrics" : {
              }
          }
      ]
      """;

  @TempDir Path dir;

  @Test
  void readsEveryFieldTheReportUses() throws IOException {
    write("hit.json", HIT);

    List<Result> results = Report.load(dir);

    assertEquals(2, results.size());
    Result hit = results.get(0);
    assertEquals("HitBench.hit1", hit.benchmark());
    assertEquals(Map.of("contender", "GENERATED", "keys", "1024"), hit.params());
    assertEquals(List.of("contender", "keys"), List.copyOf(hit.params().keySet()));
    assertEquals(24.5, hit.score());
    assertEquals(0.125, hit.error());
    assertEquals("ns/op", hit.unit());
    assertEquals(24.000001, hit.allocNorm());
    assertEquals(Map.of("gc.alloc.rate.norm", 24.000001, "loads", 16.0), hit.secondary());
    assertEquals(2, hit.threads());
    assertEquals(2, hit.forks());
    assertEquals(4, hit.iterations());
    assertEquals(2.0, hit.eventsPerIteration("loads"));
    assertEquals("OpenJDK 64-Bit Server VM 17.0.15+6", hit.jvm());
    assertEquals("forks 2, warm-up 5 × 2 s, measurement 4 × 1 s", hit.settings());

    Result clock = results.get(1);
    assertEquals("ClockBench.nanoTime", clock.benchmark());
    assertEquals(Map.of(), clock.params());
    assertEquals(20.0, clock.nanos(), 1e-9);
    assertTrue(Double.isNaN(clock.error()), "JMH's \"NaN\" is NaN");
    assertTrue(Double.isNaN(clock.allocNorm()), "no -prof gc");
  }

  @Test
  void readsFilesInNameOrderAndSkipsEmptyOnes() throws IOException {
    write("b.json", HIT);
    write("a.json", HIT.replace("HitBench.hit1", "MissBench.miss1"));
    write("failed.json", "\n");
    write("notes.txt", "not JSON");

    List<String> names = Report.load(dir).stream().map(Result::benchmark).toList();

    assertEquals(List.of("MissBench.miss1", "ClockBench.nanoTime", "HitBench.hit1", "ClockBench.nanoTime"), names);
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    Path file = write("hit.json", HIT.substring(0, HIT.indexOf("\"secondaryMetrics\"")));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.load(dir));

    assertTrue(e.getMessage().startsWith(file + " is not a JMH JSON result file: "), e.getMessage());
    assertTrue(e.getMessage().contains("line "), e.getMessage());
  }

  @Test
  void aMissingScoreNamesTheFileAndTheField() throws IOException {
    Path file = write("hit.json", HIT.replace("\"score\" : 24.5,", ""));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.load(dir));

    assertTrue(e.getMessage().startsWith(file + " is not a JMH JSON result file: "), e.getMessage());
    assertTrue(e.getMessage().contains("'score'"), e.getMessage());
    assertTrue(e.getMessage().contains(" at /0/primaryMetric"), e.getMessage());
  }

  @Test
  void somethingElseThanAnArrayNamesTheFile() throws IOException {
    Path file = write("hit.json", "{\"benchmark\": \"x\"}");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.load(dir));

    assertTrue(e.getMessage().startsWith(file + " is not a JMH JSON result file: "), e.getMessage());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }
}
