package dev.lightcache.samples.reactive;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Runs a sample's {@code run(PrintStream)} and keeps what it printed. */
record SampleOutput(ProductServer server, String text) {

  static SampleOutput of(Function<PrintStream, ProductServer> sample) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProductServer server = sample.apply(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new SampleOutput(server, bytes.toString(StandardCharsets.UTF_8));
  }

  boolean printed(String line) {
    return text.lines().anyMatch(line::equals);
  }
}
