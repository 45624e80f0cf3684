package dev.lightcache.benchmarks;

import dev.lightcache.processor.CachedProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The processor's cost: one in-process {@code javac} run ({@code javax.tools}) over {@code count}
 * generated-style {@code @Cached} interfaces, with the Lightcache processor and without any ({@code
 * -proc:none}). Two numbers per interface come out of it:
 *
 * <ul>
 *   <li>build time added: (javac with - javac without) / count, which includes javac parsing and
 *       compiling the proxies the processor writes;
 *   <li>processor time: the time javac spends inside the processor's {@code init} and {@code
 *       process} (the secondary metric {@code processorMs}, summed over the run) / count.
 * </ul>
 *
 * The sizes are a {@code @Param}: {@code -p count=100,1000,5000}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ProcessorBench {

  @Param({"100", "1000"})
  public int count;

  @Param({"true", "false"})
  public boolean processor;

  private Path root;
  private List<Path> sources;
  private Path classes;
  private Path generated;

  @Setup(Level.Trial)
  public void writeSources() throws IOException {
    root = Files.createTempDirectory("lightcache-processor-bench");
    Path pkg = Files.createDirectories(root.resolve("src/bench/gen"));
    sources = new ArrayList<>();
    sources.add(write(pkg.resolve("Item.java"), "package bench.gen;\n\npublic record Item(long id, String name) {}\n"));
    for (int i = 0; i < count; i++) {
      String name = String.format(Locale.ROOT, "Endpoint%05d", i);
      sources.add(write(pkg.resolve(name + ".java"), source(name)));
    }
    // One compilation up front: fails the trial at once if the sources or the processor are broken.
    outputDirs();
    compile(processor ? new TimingProcessor(new CachedProcessor()) : null);
    if (processor && !Files.exists(generated.resolve("bench/gen/CachedEndpoint00000.java"))) {
      throw new IllegalStateException("the processor wrote no proxy");
    }
  }

  /** A generated-style endpoint: the shapes users write, cached and invalidating. */
  static String source(String name) {
    return """
        package bench.gen;

        import dev.lightcache.annotations.CacheKey;
        import dev.lightcache.annotations.Cached;
        import dev.lightcache.annotations.Invalidates;
        import java.util.List;
        import java.util.Optional;

        @Cached(expirationSeconds = 60)
        public interface %s {
          Item get(long id);

          List<Item> list(int page, String sort);

          Optional<Item> findByName(String name);

          List<Item> search(@CacheKey String query, int limit);

          Item create(Item item);

          @Invalidates({"get"})
          Item update(long id, Item item);

          void delete(long id);
        }
        """.formatted(name);
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  @Setup(Level.Iteration)
  public void outputDirs() throws IOException {
    classes = Files.createDirectories(root.resolve("classes-" + System.nanoTime()));
    generated = Files.createDirectories(root.resolve("generated-" + System.nanoTime()));
  }

  @TearDown(Level.Iteration)
  public void deleteOutput() {
    delete(classes);
    delete(generated);
  }

  @TearDown(Level.Trial)
  public void deleteAll() {
    delete(root);
  }

  /** Time spent inside the processor during the measured compilation. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class ProcessorTime {
    /** Milliseconds inside the processor, for the one compilation of this iteration. */
    public double processorMs;

    @Setup(Level.Iteration)
    public void reset() {
      processorMs = 0;
    }
  }

  @Benchmark
  public int compile(ProcessorTime time) throws IOException {
    TimingProcessor timing = processor ? new TimingProcessor(new CachedProcessor()) : null;
    int diagnostics = compile(timing);
    if (timing != null) {
      time.processorMs += timing.nanos() / 1e6;
    }
    return diagnostics;
  }

  private int compile(TimingProcessor timing) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of(
          "--release", "17",
          "-classpath", System.getProperty("java.class.path"),
          "-d", classes.toString(),
          "-s", generated.toString(),
          "-implicit:none"));
      if (timing == null) {
        options.add("-proc:none");
      }
      StringWriter out = new StringWriter();
      JavaCompiler.CompilationTask task =
          javac.getTask(out, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources));
      if (timing != null) {
        task.setProcessors(List.of(timing));
      }
      if (!task.call()) {
        throw new IllegalStateException("compilation failed: " + diagnostics.getDiagnostics() + out);
      }
      return diagnostics.getDiagnostics().size();
    }
  }

  private static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
