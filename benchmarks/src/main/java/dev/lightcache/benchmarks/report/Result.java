package dev.lightcache.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JMH result (one benchmark method with one set of parameters), as read from JMH's JSON output.
 *
 * @param benchmark {@code Class.method}, without the package
 * @param params the {@code @Param} values
 * @param score the primary score
 * @param error its 99.9% confidence half-width ({@code NaN} with a single iteration)
 * @param unit the primary unit, such as {@code ns/op}
 * @param allocNorm bytes allocated per operation ({@code -prof gc}), or {@code NaN}
 * @param threads benchmark threads
 * @param forks forks
 * @param iterations measurement iterations per fork
 * @param jvm the JVM that ran it, such as {@code OpenJDK 64-Bit Server VM 17.0.15+6}
 * @param settings warm-up and measurement settings, as text
 * @param secondary every secondary metric's score, by name (such as {@code processorMs})
 */
record Result(
    String benchmark,
    Map<String, String> params,
    double score,
    double error,
    String unit,
    double allocNorm,
    int threads,
    int forks,
    int iterations,
    String jvm,
    String settings,
    Map<String, Double> secondary) {

  static Result of(JmhEntry json) {
    String[] parts = json.benchmark().split("\\.");
    String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
    Map<String, String> params = new LinkedHashMap<>();
    if (json.params() != null) {
      params.putAll(json.params());
    }
    Map<String, Double> secondary = new LinkedHashMap<>();
    if (json.secondaryMetrics() != null) {
      json.secondaryMetrics().forEach((name, metric) -> secondary.put(name, metric.score()));
    }
    double alloc = secondary.getOrDefault("gc.alloc.rate.norm", Double.NaN);
    String jvm = json.vmName() + " " + json.vmVersion();
    String settings =
        "forks " + json.forks()
            + ", warm-up " + json.warmupIterations() + " × " + json.warmupTime()
            + ", measurement " + json.measurementIterations() + " × " + json.measurementTime();
    JmhEntry.Metric primary = json.primaryMetric();
    return new Result(
        shortName,
        params,
        primary.score(),
        primary.scoreError(),
        primary.scoreUnit(),
        alloc,
        json.threads(),
        json.forks(),
        json.measurementIterations(),
        jvm,
        settings,
        secondary);
  }

  /** The primary score in nanoseconds (time modes only). */
  double nanos() {
    return score * nanosPer(unit);
  }

  /** The error in nanoseconds. */
  double errorNanos() {
    return error * nanosPer(unit);
  }

  /** The primary score in milliseconds. */
  double millis() {
    return nanos() / 1e6;
  }

  private static double nanosPer(String unit) {
    String u = unit.replace("/op", "");
    return switch (u) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      default -> throw new IllegalArgumentException("not a time unit: " + unit);
    };
  }

  /**
   * An {@code @AuxCounters(EVENTS)} counter per measurement iteration: JMH reports such counters
   * summed over every iteration of every fork.
   */
  double eventsPerIteration(String counter) {
    Double total = secondary.get(counter);
    return total == null ? Double.NaN : total / Math.max(1, iterations * forks);
  }

  String param(String name) {
    return params.getOrDefault(name, "");
  }

  static List<Result> where(List<Result> all, String benchmark, String param, String value) {
    return all.stream()
        .filter(r -> r.benchmark.equals(benchmark))
        .filter(r -> param == null || value.equals(r.param(param)))
        .toList();
  }
}
