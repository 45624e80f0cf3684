package dev.lightcache.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Turns JMH JSON results into the results section of {@code docs/benchmarks.md} (goals with their
 * measured ratios, tables of ratios against the baselines and bytes per operation) and a PNG chart.
 * Run by {@code benchmarks/run.sh}; standard library only.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.lightcache.benchmarks.report.Report \
 *     --results benchmarks/results/jdk17 --label "JDK 17, quick" --section jdk17 \
 *     --doc docs/benchmarks.md --chart benchmarks/results/jdk17/chart.png \
 *     --chart-link ../benchmarks/results/jdk17/chart.png
 * </pre>
 *
 * <p>Every {@code *.json} file in {@code --results} is read. The markdown goes to {@code
 * report.md} there, and into {@code --doc} between {@code <!-- BEGIN GENERATED RESULTS id -->} and
 * {@code <!-- END GENERATED RESULTS id -->} (appended at the end when the markers are missing).
 */
public final class Report {

  /** Contenders in table order, with the names the doc uses. */
  static final Map<String, String> CONTENDERS = new LinkedHashMap<>();

  static {
    CONTENDERS.put("GENERATED", "generated proxy + InMemoryCache");
    CONTENDERS.put("GENERATED_TEXT_KEYS", "generated proxy, text keys (InMemoryCache subclass)");
    CONTENDERS.put("PROTOTYPE", "prototype of the recommendations (not shipped)");
    CONTENDERS.put("CAFFEINE_RAW", "raw Caffeine getIfPresent (floor)");
    CONTENDERS.put("CAFFEINE_NATURAL", "hand-written, Caffeine, natural keys");
    CONTENDERS.put("CAFFEINE_STRING", "hand-written, Caffeine, SPI string keys");
    CONTENDERS.put("JDK_PROXY", "JDK dynamic proxy decorator");
    CONTENDERS.put("SPRING", "Spring @Cacheable + CaffeineCacheManager");
  }

  private final List<Result> results;

  Report(List<Result> results) {
    this.results = results;
  }

  /**
   * Entry point.
   *
   * @param args see the class documentation
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    Path dir = Path.of(require(options, "results"));
    String label = options.getOrDefault("label", dir.getFileName().toString());
    String section = options.getOrDefault("section", dir.getFileName().toString());

    List<Result> results = load(dir);
    if (results.isEmpty()) {
      throw new IllegalStateException("no JMH results (*.json) in " + dir);
    }
    Report report = new Report(results);
    String environment = readIfExists(dir.resolve("environment.txt"));
    String chartLink = options.get("chart-link");
    String markdown = report.markdown(label, environment, chartLink);
    Files.writeString(dir.resolve("report.md"), markdown, StandardCharsets.UTF_8);

    if (options.containsKey("chart")) {
      Chart.draw(results, "Lightcache benchmarks, " + label + (label.contains("quick") ? " (noisy smoke run)" : ""),
          Path.of(options.get("chart")));
    }
    if (options.containsKey("doc")) {
      updateDoc(Path.of(options.get("doc")), section, markdown);
    }
    System.out.println(markdown);
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  static List<Result> load(Path dir) throws IOException {
    List<Result> all = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (text.isEmpty()) {
        continue; // a JMH run that failed before writing anything
      }
      for (Object o : (List<Object>) Json.parse(text)) {
        all.add(Result.of((Map<String, Object>) o));
      }
    }
    return all;
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
  }

  static void updateDoc(Path doc, String section, String markdown) throws IOException {
    String begin = "<!-- BEGIN GENERATED RESULTS " + section + " -->";
    String end = "<!-- END GENERATED RESULTS " + section + " -->";
    String block = begin + "\n" + markdown.strip() + "\n" + end;
    String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b >= 0 && e > b) {
      text = text.substring(0, b) + block + text.substring(e + end.length());
    } else {
      text = text.stripTrailing() + "\n\n" + block + "\n";
    }
    Files.writeString(doc, text, StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ lookups

  private Optional<Result> find(String benchmark, String param, String value) {
    return Result.where(results, benchmark, param, value).stream().findFirst();
  }

  private Optional<Result> hit(String shape, String contender) {
    return find("HitBench." + shape, "contender", contender);
  }

  private Optional<Result> miss(String contender) {
    return find("MissBench.miss1", "contender", contender);
  }

  private static Optional<Double> ratio(Optional<Result> a, Optional<Result> b) {
    return a.isPresent() && b.isPresent() ? Optional.of(a.get().nanos() / b.get().nanos()) : Optional.empty();
  }

  // ------------------------------------------------------------------ markdown

  String markdown(String label, String environment, String chartLink) {
    StringBuilder md = new StringBuilder();
    md.append("### Results: ").append(label).append("\n\n");
    if (label.contains("quick")) {
      md.append("> Quick mode: one fork and sub-second iterations. A smoke run that proves the benchmarks"
          + " work; its times are noisy, its B/op are not.\n\n");
    }
    Result any = results.get(0);
    md.append("- JVM: ").append(any.jvm()).append('\n');
    results.stream()
        .filter(r -> r.benchmark().startsWith("HitBench"))
        .findFirst()
        .ifPresent(r -> md.append("- JMH settings (hit path): ").append(r.settings()).append(", `-prof gc`\n"));
    if (!environment.isEmpty()) {
      for (String line : environment.split("\n")) {
        md.append("- ").append(line.strip()).append('\n');
      }
    }
    md.append('\n');
    goals(md);
    hitTable(md);
    if (chartLink != null) {
      md.append("![hit and miss paths, ns per call, log scale](").append(chartLink).append(")\n\n");
    }
    missTable(md);
    breakdownTable(md);
    keyTable(md);
    megamorphicTable(md);
    redisTable(md);
    processorTable(md);
    return md.toString();
  }

  private void goals(StringBuilder md) {
    md.append("#### Goals\n\n");
    md.append("Point estimates from this run; \"prototype\" is the not-shipped prototype of the recommended code"
        + " on the same goal.\n\n");
    md.append("| goal | target | generated proxy | holds? | prototype |\n");
    md.append("|---|---|---|---|---|\n");

    Optional<Result> gen1 = hit("hit1", "GENERATED");
    Optional<Result> proto1 = hit("hit1", "PROTOTYPE");
    Optional<Result> raw1 = hit("hit1", "CAFFEINE_RAW");
    Optional<Result> nat1 = hit("hit1", "CAFFEINE_NATURAL");
    Optional<Result> str1 = hit("hit1", "CAFFEINE_STRING");

    goalRow(md, "hit, 1 `long`: at most raw Caffeine + 3 ns", "≤ +3 ns",
        delta(gen1, raw1), delta(proto1, raw1), v -> v <= 3, v -> signed(v) + " ns");
    goalRow(md, "hit, 1 `long`: vs natural-key hand-written", "≤ 1.20×",
        ratio(gen1, nat1), ratio(proto1, nat1), v -> v <= 1.2, Report::times);
    goalRow(md, "hit, 1 `long`: vs string-key hand-written", "≤ 1.05×",
        ratio(gen1, str1), ratio(proto1, str1), v -> v <= 1.05, Report::times);
    goalRow(md, "hit, 1 `long`, text-key path (any backend but InMemoryCache) vs string-key hand-written",
        "≤ 1.05× (informative)", ratio(hit("hit1", "GENERATED_TEXT_KEYS"), str1), Optional.empty(),
        v -> v <= 1.05, Report::times);
    goalRow(md, "hit: faster than Spring `@Cacheable` (worst of 0/1/3 args)", "≥ 20×",
        worstSpeedup("SPRING", "GENERATED"), worstSpeedup("SPRING", "PROTOTYPE"), v -> v >= 20, Report::times);
    goalRow(md, "hit: faster than the JDK-proxy decorator (worst of 0/1/3 args)", "≥ 3×",
        worstSpeedup("JDK_PROXY", "GENERATED"), worstSpeedup("JDK_PROXY", "PROTOTYPE"), v -> v >= 3, Report::times);
    goalRow(md, "allocation per hit, 1 `long`", "≤ 24 B",
        alloc(gen1), alloc(proto1), v -> v <= 24.5, v -> bytes(v));
    goalRow(md, "allocation per hit, no arguments", "0 B",
        alloc(hit("hit0", "GENERATED")), alloc(hit("hit0", "PROTOTYPE")), v -> v < 0.5, v -> bytes(v));
    goalRow(md, "miss vs natural-key hand-written decorator", "≤ 1.10×",
        ratio(miss("GENERATED"), miss("CAFFEINE_NATURAL")), ratio(miss("PROTOTYPE"), miss("CAFFEINE_NATURAL")),
        v -> v <= 1.1, Report::times);
    goalRow(md, "miss vs string-key hand-written decorator", "≤ 1.10×",
        ratio(miss("GENERATED"), miss("CAFFEINE_STRING")), ratio(miss("PROTOTYPE"), miss("CAFFEINE_STRING")),
        v -> v <= 1.1, Report::times);
    for (String size : List.of("100", "1024")) {
      Optional<Result> gen = redis("GENERATED", size);
      Optional<Result> raw = redis("RAW_JEDIS", size);
      goalRow(md, "Redis hit, " + size + " B value, vs raw Jedis GET + Jackson", "≤ 1.05×",
          ratio(gen, raw), Optional.empty(), v -> v <= 1.05, Report::times);
    }
    for (String count : processorCounts()) {
      goalRow(md, "processor time per interface (" + count + " interfaces, time inside the processor)", "≤ 1 ms",
          processorOwnPerInterface(count), Optional.empty(), v -> v <= 1.0, v -> fixed(v, 3) + " ms");
      goalRow(md, "build time added per interface (" + count + " interfaces; informative: includes javac compiling"
              + " the generated proxies)", "≤ 1 ms",
          processorPerInterface(count), Optional.empty(), v -> v <= 1.0, v -> fixed(v, 3) + " ms");
    }
    if (processorCounts().isEmpty()) {
      goalRow(md, "processor time per interface", "≤ 1 ms", Optional.empty(), Optional.empty(), v -> true, Report::times);
    }
    md.append('\n');
  }

  private static Optional<Double> delta(Optional<Result> a, Optional<Result> b) {
    return a.isPresent() && b.isPresent() ? Optional.of(a.get().nanos() - b.get().nanos()) : Optional.empty();
  }

  private static Optional<Double> alloc(Optional<Result> r) {
    return r.map(Result::allocNorm).filter(v -> !Double.isNaN(v));
  }

  /** The smallest {@code slow / fast} over the 0, 1 and 3 argument hits measured for both. */
  private Optional<Double> worstSpeedup(String slow, String fast) {
    Optional<Double> worst = Optional.empty();
    for (String shape : List.of("hit0", "hit1", "hit3")) {
      Optional<Double> r = ratio(hit(shape, slow), hit(shape, fast));
      if (r.isPresent() && (worst.isEmpty() || r.get() < worst.get())) {
        worst = r;
      }
    }
    return worst;
  }

  private static void goalRow(
      StringBuilder md,
      String goal,
      String target,
      Optional<Double> measured,
      Optional<Double> prototype,
      java.util.function.DoublePredicate holds,
      Function<Double, String> format) {
    md.append("| ").append(goal).append(" | ").append(target).append(" | ");
    md.append(measured.map(format).orElse("not measured")).append(" | ");
    md.append(measured.map(v -> holds.test(v) ? "**yes**" : "**no**").orElse("—")).append(" | ");
    md.append(prototype.map(v -> format.apply(v) + (holds.test(v) ? " (yes)" : " (no)")).orElse("—"));
    md.append(" |\n");
  }

  private void hitTable(StringBuilder md) {
    if (results.stream().noneMatch(r -> r.benchmark().startsWith("HitBench."))) {
      return;
    }
    md.append("#### Hit path (`HitBench`): ns per call and bytes allocated per call\n\n");
    md.append("Ratios are this contender's time over the baseline's, for the one-`long` hit (lower is better).\n\n");
    md.append("| contender | 0 args | B/op | 1 `long` | B/op | 3 args | B/op | 1 arg, 2 threads | × floor | × natural | × string-key |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<String, String> c : CONTENDERS.entrySet()) {
      String id = c.getKey();
      if (Result.where(results, "HitBench.hit1", "contender", id).isEmpty()
          && Result.where(results, "HitBench.hit0", "contender", id).isEmpty()) {
        continue;
      }
      md.append("| ").append(c.getValue());
      for (String shape : List.of("hit0", "hit1", "hit3")) {
        Optional<Result> r = hit(shape, id);
        md.append(" | ").append(r.map(Report::nanosWithError).orElse("—"));
        md.append(" | ").append(alloc(r).map(Report::bytes).orElse("—"));
      }
      md.append(" | ").append(hit("hit1Threads2", id).map(Report::nanosWithError).orElse("—"));
      Optional<Result> one = hit("hit1", id);
      md.append(" | ").append(ratio(one, hit("hit1", "CAFFEINE_RAW")).map(Report::times).orElse("—"));
      md.append(" | ").append(ratio(one, hit("hit1", "CAFFEINE_NATURAL")).map(Report::times).orElse("—"));
      md.append(" | ").append(ratio(one, hit("hit1", "CAFFEINE_STRING")).map(Report::times).orElse("—"));
      md.append(" |\n");
    }
    md.append('\n');
  }

  private void missTable(StringBuilder md) {
    if (results.stream().noneMatch(r -> r.benchmark().equals("MissBench.miss1"))) {
      return;
    }
    md.append("#### Miss path (`MissBench`: 1,000-entry cache, ids from 64 M)\n\n");
    md.append("| contender | ns/op | B/op | × natural | × string-key |\n|---|--:|--:|--:|--:|\n");
    for (Map.Entry<String, String> c : CONTENDERS.entrySet()) {
      Optional<Result> r = miss(c.getKey());
      if (r.isEmpty()) {
        continue;
      }
      md.append("| ").append(c.getValue())
          .append(" | ").append(nanosWithError(r.get()))
          .append(" | ").append(alloc(r).map(Report::bytes).orElse("—"))
          .append(" | ").append(ratio(r, miss("CAFFEINE_NATURAL")).map(Report::times).orElse("—"))
          .append(" | ").append(ratio(r, miss("CAFFEINE_STRING")).map(Report::times).orElse("—"))
          .append(" |\n");
    }
    md.append('\n');
  }

  private void breakdownTable(StringBuilder md) {
    List<Result> steps = results.stream()
        .filter(r -> r.benchmark().startsWith("HitPathBreakdownBench."))
        .sorted(java.util.Comparator.comparing(Result::benchmark))
        .toList();
    if (steps.isEmpty()) {
      return;
    }
    md.append("#### Hit path taken apart (`HitPathBreakdownBench`, 1 `long`)\n\n");
    md.append("| step | ns/op | B/op | Δ ns vs step 1 |\n|---|--:|--:|--:|\n");
    double base = steps.get(0).nanos();
    for (Result r : steps) {
      md.append("| `").append(r.benchmark().substring(r.benchmark().indexOf('.') + 1)).append("` | ")
          .append(nanosWithError(r)).append(" | ")
          .append(Double.isNaN(r.allocNorm()) ? "—" : bytes(r.allocNorm())).append(" | ")
          .append(signed(r.nanos() - base)).append(" |\n");
    }
    md.append('\n');
  }

  private void keyTable(StringBuilder md) {
    List<Result> keys = results.stream()
        .filter(r -> r.benchmark().startsWith("KeyBench."))
        .sorted(java.util.Comparator.comparing(Result::benchmark))
        .toList();
    if (keys.isEmpty()) {
      return;
    }
    md.append("#### Key building alone (`KeyBench`)\n\n");
    md.append("| key | ns/op | B/op |\n|---|--:|--:|\n");
    for (Result r : keys) {
      md.append("| `").append(r.benchmark().substring(r.benchmark().indexOf('.') + 1)).append("` | ")
          .append(nanosWithError(r)).append(" | ")
          .append(Double.isNaN(r.allocNorm()) ? "—" : bytes(r.allocNorm())).append(" |\n");
    }
    md.append('\n');
  }

  private void megamorphicTable(StringBuilder md) {
    Optional<Result> mono = find("MegamorphicBench.hit1", "shape", "MONOMORPHIC");
    Optional<Result> mega = find("MegamorphicBench.hit1", "shape", "MEGAMORPHIC");
    if (mono.isEmpty() && mega.isEmpty()) {
      return;
    }
    md.append("#### One call site over four generated proxies (`MegamorphicBench`)\n\n");
    md.append("| receivers | ns/op | B/op | × monomorphic |\n|---|--:|--:|--:|\n");
    for (Optional<Result> r : List.of(mono, mega)) {
      r.ifPresent(x -> md.append("| ").append(x.param("shape").equals("MONOMORPHIC")
              ? "4 × `CachedProductEndpoint` (monomorphic)" : "`CachedCatalogA..D` (megamorphic)")
          .append(" | ").append(nanosWithError(x))
          .append(" | ").append(Double.isNaN(x.allocNorm()) ? "—" : bytes(x.allocNorm()))
          .append(" | ").append(ratio(r, mono).map(Report::times).orElse("—")).append(" |\n"));
    }
    md.append('\n');
  }

  private Optional<Result> redis(String reader, String size) {
    return Result.where(results, "RedisHitBench.hit", "reader", reader).stream()
        .filter(r -> r.param("valueBytes").equals(size))
        .findFirst();
  }

  private void redisTable(StringBuilder md) {
    if (results.stream().noneMatch(r -> r.benchmark().equals("RedisHitBench.hit"))) {
      md.append("#### Redis hit path (`RedisHitBench`)\n\nNot in this run (no `DefaultRedisCache` in the build, or no"
          + " `redis-server`).\n\n");
      return;
    }
    md.append("#### Redis hit path (`RedisHitBench`, local redis-server on its own core)\n\n");
    md.append("| value | generated + DefaultRedisCache µs/op | B/op | raw Jedis GET + Jackson µs/op | B/op | ratio |\n");
    md.append("|---|--:|--:|--:|--:|--:|\n");
    for (String size : List.of("100", "1024")) {
      Optional<Result> gen = redis("GENERATED", size);
      Optional<Result> raw = redis("RAW_JEDIS", size);
      md.append("| ").append(size).append(" B")
          .append(" | ").append(gen.map(r -> fixed(r.nanos() / 1e3, 2)).orElse("—"))
          .append(" | ").append(alloc(gen).map(Report::bytes).orElse("—"))
          .append(" | ").append(raw.map(r -> fixed(r.nanos() / 1e3, 2)).orElse("—"))
          .append(" | ").append(alloc(raw).map(Report::bytes).orElse("—"))
          .append(" | ").append(ratio(gen, raw).map(Report::times).orElse("—"))
          .append(" |\n");
    }
    md.append('\n');
  }

  private List<String> processorCounts() {
    return results.stream()
        .filter(r -> r.benchmark().equals("ProcessorBench.compile"))
        .map(r -> r.param("count"))
        .distinct()
        .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
        .toList();
  }

  private Optional<Result> compile(String count, String processor) {
    return Result.where(results, "ProcessorBench.compile", "count", count).stream()
        .filter(r -> r.param("processor").equals(processor))
        .findFirst();
  }

  private Optional<Double> processorPerInterface(String count) {
    Optional<Result> with = compile(count, "true");
    Optional<Result> without = compile(count, "false");
    if (with.isEmpty() || without.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of((with.get().millis() - without.get().millis()) / Integer.parseInt(count));
  }

  /** Time inside the processor (the {@code processorMs} counter) per interface. */
  private Optional<Double> processorOwnPerInterface(String count) {
    return compile(count, "true")
        .map(r -> r.eventsPerIteration("processorMs"))
        .filter(v -> !Double.isNaN(v))
        .map(v -> v / Integer.parseInt(count));
  }

  private void processorTable(StringBuilder md) {
    if (processorCounts().isEmpty()) {
      return;
    }
    md.append("#### Processor cost (`ProcessorBench`: one in-process javac run)\n\n");
    md.append("| interfaces | javac with processor, ms | javac `-proc:none`, ms | build time added per interface, ms"
        + " | inside the processor, ms | per interface, ms |\n");
    md.append("|--:|--:|--:|--:|--:|--:|\n");
    for (String count : processorCounts()) {
      md.append("| ").append(count)
          .append(" | ").append(compile(count, "true").map(r -> millisWithError(r)).orElse("—"))
          .append(" | ").append(compile(count, "false").map(r -> millisWithError(r)).orElse("—"))
          .append(" | ").append(processorPerInterface(count).map(v -> fixed(v, 3)).orElse("—"))
          .append(" | ").append(compile(count, "true").map(r -> r.eventsPerIteration("processorMs"))
              .filter(v -> !Double.isNaN(v)).map(v -> fixed(v, 0)).orElse("—"))
          .append(" | ").append(processorOwnPerInterface(count).map(v -> fixed(v, 3)).orElse("—"))
          .append(" |\n");
    }
    md.append('\n');
  }

  // ------------------------------------------------------------------ formatting

  static String nanosWithError(Result r) {
    double v = r.nanos();
    double e = r.errorNanos();
    String s = significant(v);
    return Double.isNaN(e) || e == 0 ? s : s + " ± " + significant(e);
  }

  private static String millisWithError(Result r) {
    double v = r.millis();
    double e = r.errorNanos() / 1e6;
    return Double.isNaN(e) ? fixed(v, 0) : fixed(v, 0) + " ± " + fixed(e, 0);
  }

  static String significant(double v) {
    double a = Math.abs(v);
    if (a >= 100) {
      return fixed(v, 0);
    }
    if (a >= 10) {
      return fixed(v, 1);
    }
    return fixed(v, 2);
  }

  static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static String times(double v) {
    return fixed(v, v >= 10 ? 1 : 2) + "×";
  }

  static String bytes(double v) {
    return fixed(Math.max(0, v), 0) + " B";
  }

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + significant(v);
  }
}
