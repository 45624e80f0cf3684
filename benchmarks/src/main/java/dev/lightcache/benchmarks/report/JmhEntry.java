package dev.lightcache.benchmarks.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One entry of a JMH result file ({@code -rf json}), as Jackson binds it: only the fields the report
 * reads, the others are ignored. JMH writes a score it cannot compute (the error of fewer than three
 * iterations) as the string {@code "NaN"}, which Jackson reads as {@link Double#NaN}.
 *
 * @param benchmark the benchmark method, {@code package.Class.method}
 * @param threads benchmark threads
 * @param forks forks
 * @param warmupIterations warm-up iterations per fork
 * @param warmupTime the time of one warm-up iteration, such as {@code 2 s}
 * @param measurementIterations measurement iterations per fork
 * @param measurementTime the time of one measurement iteration
 * @param vmName the JVM's name
 * @param vmVersion the JVM's version
 * @param params the {@code @Param} values, or {@code null} when the benchmark has none
 * @param primaryMetric the benchmark's score
 * @param secondaryMetrics the profilers' and counters' scores by name, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record JmhEntry(
    @JsonProperty(required = true) String benchmark,
    int threads,
    int forks,
    int warmupIterations,
    String warmupTime,
    int measurementIterations,
    String measurementTime,
    String vmName,
    String vmVersion,
    Map<String, String> params,
    @JsonProperty(required = true) Metric primaryMetric,
    Map<String, Metric> secondaryMetrics) {

  /**
   * A score with its error and unit.
   *
   * @param score the score
   * @param scoreError its 99.9% confidence half-width, {@code NaN} when JMH has none
   * @param scoreUnit its unit, such as {@code ns/op}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Metric(
      @JsonProperty(required = true) double score,
      @JsonProperty(required = true) double scoreError,
      @JsonProperty(required = true) String scoreUnit) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Reads a JMH result file; an empty one (a JMH run that failed before writing anything) has no
   * entries.
   *
   * @param file the file
   * @return its entries, in file order
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is not JMH's JSON, naming the file
   */
  static List<JmhEntry> read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return List.of();
    }
    try {
      return MAPPER.readValue(text, new TypeReference<List<JmhEntry>>() {});
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + " is not a JMH JSON result file: " + describe(e), e);
    }
  }

  /** Jackson's message with where it stopped, without the source excerpt Jackson may append. */
  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder pointer = new StringBuilder();
      for (JsonMappingException.Reference step : m.getPath()) {
        pointer.append('/').append(step.getFieldName() != null ? step.getFieldName() : step.getIndex());
      }
      message += " at " + pointer;
    }
    JsonLocation at = e.getLocation();
    return at == null ? message : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }
}
