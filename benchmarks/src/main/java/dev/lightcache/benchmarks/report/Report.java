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
 * Run by {@code benchmarks/run.sh}. Jackson reads the JSON ({@link JmhEntry}); the rest is the
 * standard library.
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
    CONTENDERS.put("CAFFEINE_RAW_NO_EXPIRY", "raw Caffeine getIfPresent, no expiration (floor)");
    CONTENDERS.put("CAFFEINE_RAW", "raw Caffeine getIfPresent, expireAfterWrite");
    CONTENDERS.put("CAFFEINE_NATURAL_NO_EXPIRY", "hand-written, Caffeine, natural keys, no expiration");
    CONTENDERS.put("CAFFEINE_NATURAL", "hand-written, Caffeine, natural keys, expireAfterWrite");
    CONTENDERS.put("CAFFEINE_STRING", "hand-written, Caffeine, SPI string keys, expireAfterWrite");
    CONTENDERS.put("JDK_PROXY_NO_EXPIRY", "JDK dynamic proxy decorator, no expiration");
    CONTENDERS.put("JDK_PROXY", "JDK dynamic proxy decorator, expireAfterWrite");
    CONTENDERS.put("SPRING", "Spring @Cacheable + CaffeineCacheManager, expireAfterWrite");
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

  static List<Result> load(Path dir) throws IOException {
    List<Result> all = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      for (JmhEntry entry : JmhEntry.read(file)) {
        all.add(Result.of(entry));
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
    threadsTable(md);
    if (chartLink != null) {
      md.append("![hit and miss paths and clock reads, ns per call, log scale](").append(chartLink).append(")\n\n");
    }
    clockTable(md);
    missTable(md);
    breakdownTable(md);
    keyTable(md);
    megamorphicTable(md);
    redisTable(md);
    scaleOutTables(md);
    processorTable(md);
    return md.toString();
  }

  private void goals(StringBuilder md) {
    md.append("#### Goals\n\n");
    md.append("The goals of issue #9, and of issue #10 (the near hit). Each ratio divides two results of one JMH"
        + " invocation (same group of this run, each contender in its own fork): the point estimate decides the verdict; the range in brackets is"
        + " what the two error bars allow (none when JMH gives no error: fewer than 3 iterations, as in quick mode),"
        + " and \"within the error\" says the target lies inside it. Bytes per call"
        + " are exact (`-prof gc`). \"Prototype\" is the not-shipped prototype of earlier recommendations, on the"
        + " same goal. Rows marked informative are not goals.\n\n");
    md.append("| goal | target | generated proxy | verdict | prototype |\n");
    md.append("|---|---|---|---|---|\n");

    String noExpiry = "CAFFEINE_NATURAL_NO_EXPIRY";
    String sameTtl = "CAFFEINE_NATURAL";
    for (String shape : List.of("hit1", "hit1Threads2")) {
      String what = shape.equals("hit1") ? "hit, 1 `long`" : "hit, 1 `long`, 2 threads";
      goalRow(md, what + ": vs hand-written Caffeine decorator without expiration", "≤ 1.30×",
          ratio(hit(shape, "GENERATED"), hit(shape, noExpiry)), ratio(hit(shape, "PROTOTYPE"), hit(shape, noExpiry)),
          v -> v <= 1.30, Report::times);
      goalRow(md, what + ": vs hand-written Caffeine decorator with `expireAfterWrite` of the same TTL", "≤ 0.50×",
          ratio(hit(shape, "GENERATED"), hit(shape, sameTtl)), ratio(hit(shape, "PROTOTYPE"), hit(shape, sameTtl)),
          v -> v <= 0.50, Report::times);
    }
    goalRow(md, "hit, 3 arguments: vs its natural-key hand-written decorator without expiration", "≤ 1.30×",
        ratio(hit("hit3", "GENERATED"), hit("hit3", noExpiry)), ratio(hit("hit3", "PROTOTYPE"), hit("hit3", noExpiry)),
        v -> v <= 1.30, Report::times);
    for (String shape : List.of("hit1", "hit0", "hit1Threads2", "hit0Threads2")) {
      boolean none = shape.startsWith("hit0");
      String what = "allocation per hit, " + (none ? "no arguments" : "1 `long`")
          + (shape.endsWith("Threads2") ? ", 2 threads" : "");
      goalRow(md, what, none ? "0 B" : "≤ 24 B", alloc(hit(shape, "GENERATED")), alloc(hit(shape, "PROTOTYPE")),
          none ? v -> v < 0.5 : v -> v <= 24.5, Report::bytes);
    }
    goalRow(md, "miss vs natural-key hand-written decorator with `expireAfterWrite`", "≤ 1.10×",
        ratio(miss("GENERATED"), miss(sameTtl)), ratio(miss("PROTOTYPE"), miss(sameTtl)),
        v -> v <= 1.10, Report::times);
    goalRow(md, "miss vs natural-key hand-written decorator without expiration", "≤ 1.10×",
        ratio(miss("GENERATED"), miss(noExpiry)), ratio(miss("PROTOTYPE"), miss(noExpiry)),
        v -> v <= 1.10, Report::times);
    List<String> counts = processorCounts();
    if (!counts.contains(PROCESSOR_GOAL_COUNT)) {
      goalRow(md, "processor time per interface (" + PROCESSOR_GOAL_COUNT + " interfaces, time inside the processor)",
          "≤ 1 ms", Optional.empty(), Optional.empty(), v -> v <= 1.0, Report::millis);
    }
    for (String count : counts) {
      boolean goal = count.equals(PROCESSOR_GOAL_COUNT);
      goalRow(md, "processor time per interface (" + count + " interfaces, time inside the processor"
              + (goal ? ")" : "; informative: the goal is at " + PROCESSOR_GOAL_COUNT + ")"),
          goal ? "≤ 1 ms" : "—", processorOwnPerInterface(count).map(Estimate::exact), Optional.empty(),
          goal ? v -> v <= 1.0 : null, Report::millis);
      goalRow(md, "build time added per interface (" + count + " interfaces; informative: includes javac compiling"
              + " the generated proxies)", "—",
          processorPerInterface(count).map(Estimate::exact), Optional.empty(), null, Report::millis);
    }

    Optional<Result> gen1 = hit("hit1", "GENERATED");
    goalRow(md, "hit, 1 `long`: vs the floor, raw Caffeine `getIfPresent` without expiration (informative)", "—",
        ratio(gen1, hit("hit1", "CAFFEINE_RAW_NO_EXPIRY")), ratio(hit("hit1", "PROTOTYPE"),
            hit("hit1", "CAFFEINE_RAW_NO_EXPIRY")), null, Report::times);
    goalRow(md, "hit, 1 `long`, text-key path (any backend but InMemoryCache) vs string-key hand-written"
            + " decorator with `expireAfterWrite` (informative)", "—",
        ratio(hit("hit1", "GENERATED_TEXT_KEYS"), hit("hit1", "CAFFEINE_STRING")), Optional.empty(), null,
        Report::times);
    goalRow(md, "hit: speed-up over Spring `@Cacheable` + Caffeine `expireAfterWrite` (worst of 0/1/3 args;"
            + " informative)", "—",
        worstSpeedup("SPRING", "GENERATED"), worstSpeedup("SPRING", "PROTOTYPE"), null, Report::times);
    goalRow(md, "hit: speed-up over the JDK dynamic proxy decorator with `expireAfterWrite` (worst of 0/1/3 args;"
            + " informative)", "—",
        worstSpeedup("JDK_PROXY", "GENERATED"), worstSpeedup("JDK_PROXY", "PROTOTYPE"), null, Report::times);
    goalRow(md, "hit: speed-up over the JDK dynamic proxy decorator without expiration (worst of 0/1/3 args;"
            + " informative)", "—",
        worstSpeedup("JDK_PROXY_NO_EXPIRY", "GENERATED"), worstSpeedup("JDK_PROXY_NO_EXPIRY", "PROTOTYPE"), null,
        Report::times);
    for (String size : List.of("100", "1024")) {
      Optional<Result> gen = redis("GENERATED", size);
      Optional<Result> raw = redis("RAW_JEDIS", size);
      goalRow(md, "Redis hit, " + size + " B value, vs raw Jedis GET + Jackson", "≤ 1.05×",
          ratio(gen, raw), Optional.empty(), v -> v <= 1.05, Report::times);
    }
    Optional<Result> near = nearHit("NEAR");
    goalRow(md, "near hit (proxy over `DefaultRedisCache` with the near cache, 1 `long`, ~100 B value) vs the"
            + " in-memory hit (the same proxy over `InMemoryCache`; issue #10)", "≤ 3×",
        ratio(near, nearHit("IN_MEMORY")), Optional.empty(), v -> v <= 3.0, Report::times);
    goalRow(md, "near hit vs a Redis hit (the same cache without the near cache; informative)", "—",
        ratio(near, nearHit("REDIS")), Optional.empty(), null, Report::times);
    md.append('\n');
  }

  /** The interface count at which the processor goal is stated. */
  private static final String PROCESSOR_GOAL_COUNT = "1000";

  /**
   * A measured value with the range its error bars allow: a ratio of two JMH scores, or an exact value
   * (bytes per call, a counter).
   */
  record Estimate(double value, double low, double high) {
    static Estimate exact(double value) {
      return new Estimate(value, value, value);
    }

    boolean isExact() {
      return low == value && high == value;
    }
  }

  private static Optional<Estimate> alloc(Optional<Result> r) {
    return r.map(Result::allocNorm).filter(v -> !Double.isNaN(v)).map(Estimate::exact);
  }

  /**
   * {@code a / b} with the range allowed by both 99.9 % error bars (none when JMH gave no error, with a
   * single iteration).
   */
  private static Optional<Estimate> ratio(Optional<Result> a, Optional<Result> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    double x = a.get().nanos();
    double y = b.get().nanos();
    double ex = a.get().errorNanos();
    double ey = b.get().errorNanos();
    if (Double.isNaN(ex) || Double.isNaN(ey)) {
      return Optional.of(Estimate.exact(x / y));
    }
    double low = Math.max(0, x - ex) / (y + ey);
    double high = y - ey > 0 ? (x + ex) / (y - ey) : Double.POSITIVE_INFINITY;
    return Optional.of(new Estimate(x / y, low, high));
  }

  /** The smallest {@code slow / fast} over the 0, 1 and 3 argument hits measured for both. */
  private Optional<Estimate> worstSpeedup(String slow, String fast) {
    Optional<Estimate> worst = Optional.empty();
    for (String shape : List.of("hit0", "hit1", "hit3")) {
      Optional<Estimate> r = ratio(hit(shape, slow), hit(shape, fast));
      if (r.isPresent() && (worst.isEmpty() || r.get().value() < worst.get().value())) {
        worst = r;
      }
    }
    return worst;
  }

  /**
   * One row of the goals table. {@code holds} is {@code null} for an informative row (no verdict).
   */
  private static void goalRow(
      StringBuilder md,
      String goal,
      String target,
      Optional<Estimate> measured,
      Optional<Estimate> prototype,
      java.util.function.DoublePredicate holds,
      java.util.function.DoubleFunction<String> format) {
    md.append("| ").append(goal).append(" | ").append(target).append(" | ");
    md.append(measured.map(e -> withRange(e, format)).orElse("not measured")).append(" | ");
    md.append(measured.map(e -> verdict(e, holds)).orElse("—")).append(" | ");
    md.append(prototype.map(e -> format.apply(e.value())
            + (holds == null ? "" : holds.test(e.value()) ? " (holds)" : " (does not hold)"))
        .orElse("—"));
    md.append(" |\n");
  }

  private static String withRange(Estimate e, java.util.function.DoubleFunction<String> format) {
    if (e.isExact()) {
      return format.apply(e.value());
    }
    String high = Double.isInfinite(e.high()) ? "∞" : format.apply(e.high());
    return format.apply(e.value()) + " (" + format.apply(e.low()) + " – " + high + ")";
  }

  private static String verdict(Estimate e, java.util.function.DoublePredicate holds) {
    if (holds == null) {
      return "informative";
    }
    String verdict = holds.test(e.value()) ? "**holds**" : "**does not hold**";
    boolean straddles = holds.test(e.low()) != holds.test(e.high());
    return straddles ? verdict + ", within the error" : verdict;
  }

  private void hitTable(StringBuilder md) {
    if (results.stream().noneMatch(r -> r.benchmark().startsWith("HitBench."))) {
      return;
    }
    md.append("#### Hit path (`HitBench`): ns per call and bytes allocated per call\n\n");
    md.append("Ratios are this contender's time over the baseline's, for the one-`long` hit (lower is better):"
        + " the floor is raw Caffeine `getIfPresent` without expiration; \"natural\" is the hand-written"
        + " natural-key Caffeine decorator without expiration and with `expireAfterWrite` of the same TTL.\n\n");
    md.append("| contender | 0 args | B/op | 1 `long` | B/op | 3 args | B/op | × floor | × natural, no expiration"
        + " | × natural, `expireAfterWrite` | × string-key |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<String, String> c : CONTENDERS.entrySet()) {
      String id = c.getKey();
      if (List.of("hit0", "hit1", "hit3").stream().allMatch(shape -> hit(shape, id).isEmpty())) {
        continue;
      }
      md.append("| ").append(c.getValue());
      for (String shape : List.of("hit0", "hit1", "hit3")) {
        Optional<Result> r = hit(shape, id);
        md.append(" | ").append(r.map(Report::nanosWithError).orElse("—"));
        md.append(" | ").append(alloc(r).map(e -> bytes(e.value())).orElse("—"));
      }
      Optional<Result> one = hit("hit1", id);
      for (String base : List.of("CAFFEINE_RAW_NO_EXPIRY", "CAFFEINE_NATURAL_NO_EXPIRY", "CAFFEINE_NATURAL",
          "CAFFEINE_STRING")) {
        md.append(" | ").append(ratio(one, hit("hit1", base)).map(e -> times(e.value())).orElse("—"));
      }
      md.append(" |\n");
    }
    md.append('\n');
  }

  private void threadsTable(StringBuilder md) {
    if (results.stream().noneMatch(r -> r.benchmark().matches("HitBench\\.hit[01]Threads2"))) {
      return;
    }
    md.append("#### Hit path on two threads (`HitBench.hit0Threads2`, `hit1Threads2`): ns per call per thread\n\n");
    md.append("Two threads share one cache. Ratios for the one-`long` hit, as in the table above.\n\n");
    md.append("| contender | 0 args | B/op | 1 `long` | B/op | × floor | × natural, no expiration"
        + " | × natural, `expireAfterWrite` |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<String, String> c : CONTENDERS.entrySet()) {
      String id = c.getKey();
      Optional<Result> none = hit("hit0Threads2", id);
      Optional<Result> one = hit("hit1Threads2", id);
      if (none.isEmpty() && one.isEmpty()) {
        continue;
      }
      md.append("| ").append(c.getValue());
      for (Optional<Result> r : List.of(none, one)) {
        md.append(" | ").append(r.map(Report::nanosWithError).orElse("—"));
        md.append(" | ").append(alloc(r).map(e -> bytes(e.value())).orElse("—"));
      }
      for (String base : List.of("CAFFEINE_RAW_NO_EXPIRY", "CAFFEINE_NATURAL_NO_EXPIRY", "CAFFEINE_NATURAL")) {
        md.append(" | ").append(ratio(one, hit("hit1Threads2", base)).map(e -> times(e.value())).orElse("—"));
      }
      md.append(" |\n");
    }
    md.append('\n');
  }

  /** The clock reads of {@code ClockBench}, in table order, with what they are. */
  private static final Map<String, String> CLOCKS = new LinkedHashMap<>();

  static {
    CLOCKS.put("nanoTime", "`System.nanoTime()`: what Caffeine's `expireAfterWrite` reads on every hit");
    CLOCKS.put("currentTimeMillis", "`System.currentTimeMillis()`");
    CLOCKS.put("expiryClockNow", "`ExpiryClock.system().now()`: what an `InMemoryCache` hit reads (a volatile"
        + " field its ticker thread refreshes)");
    CLOCKS.put("volatileRead", "a volatile `long` nobody writes (baseline)");
  }

  private void clockTable(StringBuilder md) {
    if (results.stream().noneMatch(r -> r.benchmark().startsWith("ClockBench."))) {
      return;
    }
    md.append("#### Reading the clock (`ClockBench`)\n\n");
    md.append("| read | ns/op | B/op |\n|---|--:|--:|\n");
    for (Map.Entry<String, String> c : CLOCKS.entrySet()) {
      Optional<Result> r = find("ClockBench." + c.getKey(), null, null);
      if (r.isEmpty()) {
        continue;
      }
      md.append("| ").append(c.getValue())
          .append(" | ").append(nanosWithError(r.get()))
          .append(" | ").append(alloc(r).map(e -> bytes(e.value())).orElse("—"))
          .append(" |\n");
    }
    md.append('\n');
  }

  private void missTable(StringBuilder md) {
    if (results.stream().noneMatch(r -> r.benchmark().equals("MissBench.miss1"))) {
      return;
    }
    md.append("#### Miss path (`MissBench`: 1,000-entry cache, ids from 64 M)\n\n");
    md.append("| contender | ns/op | B/op | × natural, no expiration | × natural, `expireAfterWrite` | × string-key |\n");
    md.append("|---|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<String, String> c : CONTENDERS.entrySet()) {
      Optional<Result> r = miss(c.getKey());
      if (r.isEmpty()) {
        continue;
      }
      md.append("| ").append(c.getValue())
          .append(" | ").append(nanosWithError(r.get()))
          .append(" | ").append(alloc(r).map(e -> bytes(e.value())).orElse("—"));
      for (String base : List.of("CAFFEINE_NATURAL_NO_EXPIRY", "CAFFEINE_NATURAL", "CAFFEINE_STRING")) {
        md.append(" | ").append(ratio(r, miss(base)).map(e -> times(e.value())).orElse("—"));
      }
      md.append(" |\n");
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
          .append(" | ").append(ratio(r, mono).map(e -> times(e.value())).orElse("—")).append(" |\n"));
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
          .append(" | ").append(alloc(gen).map(e -> bytes(e.value())).orElse("—"))
          .append(" | ").append(raw.map(r -> fixed(r.nanos() / 1e3, 2)).orElse("—"))
          .append(" | ").append(alloc(raw).map(e -> bytes(e.value())).orElse("—"))
          .append(" | ").append(ratio(gen, raw).map(e -> times(e.value())).orElse("—"))
          .append(" |\n");
    }
    md.append('\n');
  }

  // ------------------------------------------------------------------ scale-out on Redis (issue #10)

  /** What serves the hit in {@code NearHitBench}, in table order, with the names the doc uses. */
  private static final Map<String, String> NEAR_BACKENDS = new LinkedHashMap<>();

  static {
    NEAR_BACKENDS.put("NEAR", "near cache of `DefaultRedisCache` (near hit)");
    NEAR_BACKENDS.put("IN_MEMORY", "`InMemoryCache` (in-memory hit)");
    NEAR_BACKENDS.put("REDIS", "`DefaultRedisCache` without near cache (Redis hit, loopback)");
    NEAR_BACKENDS.put("FLOOR", "raw Caffeine `getIfPresent`, `Long` key, no proxy (floor)");
  }

  private Optional<Result> nearHit(String backend) {
    return find("NearHitBench.hit", "backend", backend);
  }

  private Optional<Result> leaseMiss(String lease) {
    return find("LeaseMissBench.missAndFill", "lease", lease);
  }

  private Optional<Result> clusterFlush(String deployment) {
    return find("ClusterFlushBench.flush", "deployment", deployment);
  }

  private void scaleOutTables(StringBuilder md) {
    if (results.stream().noneMatch(r -> r.benchmark().startsWith("NearHitBench.")
        || r.benchmark().startsWith("LeaseMissBench.") || r.benchmark().startsWith("ClusterFlushBench."))) {
      md.append("#### Scale-out on Redis (`NearHitBench`, `LeaseMissBench`, `ClusterFlushBench`)\n\nNot in this run"
          + " (group `scaleout`: needs `DefaultRedisCache` in the build and `redis-server`; the cluster flush also"
          + " `redis-cli`).\n\n");
      return;
    }
    nearTable(md);
    leaseTable(md);
    flushTable(md);
  }

  private void nearTable(StringBuilder md) {
    if (NEAR_BACKENDS.keySet().stream().allMatch(b -> nearHit(b).isEmpty())) {
      return;
    }
    md.append("#### Scale-out: near hit (`NearHitBench`: generated proxy, 1 `long`, 1,024 ids, ~100 B values,"
        + " one thread)\n\n");
    md.append("Each backend in its own fork; ratios are the row's time over the column's (lower is better).\n\n");
    md.append("| what serves the hit | ns/op | B/op | × floor | × in-memory hit | × Redis hit |\n");
    md.append("|---|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<String, String> b : NEAR_BACKENDS.entrySet()) {
      Optional<Result> r = nearHit(b.getKey());
      if (r.isEmpty()) {
        md.append("| ").append(b.getValue()).append(" | not measured | — | — | — | — |\n");
        continue;
      }
      md.append("| ").append(b.getValue())
          .append(" | ").append(nanosWithError(r.get()))
          .append(" | ").append(alloc(r).map(e -> bytes(e.value())).orElse("—"));
      for (String base : List.of("FLOOR", "IN_MEMORY", "REDIS")) {
        md.append(" | ").append(ratio(r, nearHit(base)).map(e -> times(e.value())).orElse("—"));
      }
      md.append(" |\n");
    }
    md.append('\n');
    Optional<Result> near = nearHit("NEAR");
    if (near.isEmpty()) {
      md.append("Near hit not measured: the runtime has no near cache yet (`run.sh` then leaves it out), or its"
          + " set-up check failed (see `scaleout-near.txt`).\n\n");
    } else {
      Optional<Estimate> vsMemory = ratio(near, nearHit("IN_MEMORY"));
      md.append("A near hit costs ")
          .append(vsMemory.map(e -> "**" + withRange(e, Report::times) + " an in-memory hit** (goal ≤ 3×: "
              + verdict(e, v -> v <= 3.0) + ")").orElse("— (no in-memory hit measured)"))
          .append(" and ")
          .append(ratio(near, nearHit("REDIS")).map(e -> "**" + withRange(e, Report::times) + " a Redis hit**")
              .orElse("— (no Redis hit measured)"))
          .append(".\n\n");
    }
    settingsLine(md, "NearHitBench.");
  }

  private void leaseTable(StringBuilder md) {
    Optional<Result> without = leaseMiss("NO_LEASE");
    Optional<Result> with = leaseMiss("LEASE");
    if (without.isEmpty() && with.isEmpty()) {
      return;
    }
    md.append("#### Scale-out: the load lease on a miss (`LeaseMissBench`: a new key each call, miss + fill through"
        + " the proxy, a delegate that answers at once, one thread, Redis on loopback)\n\n");
    md.append("| `DefaultRedisCache` | µs/op | B/op | × without the lease |\n|---|--:|--:|--:|\n");
    for (Optional<Result> r : List.of(without, with)) {
      md.append("| ").append(r == without ? "without `loadLease`" : "`loadLease(5 s)`")
          .append(" | ").append(r.map(Report::microsWithError).orElse("not measured"))
          .append(" | ").append(alloc(r).map(e -> bytes(e.value())).orElse("—"))
          .append(" | ").append(ratio(r, without).map(e -> withRange(e, Report::times)).orElse("—"))
          .append(" |\n");
    }
    md.append('\n');
    if (without.isPresent() && with.isPresent()) {
      md.append("The lease adds **").append(fixed((with.get().nanos() - without.get().nanos()) / 1e3, 1))
          .append(" µs** to a miss (").append(times(with.get().nanos() / without.get().nanos()))
          .append("): its script on the miss and its release after the fill (the set-up prints the script round"
              + " trips per call in `scaleout-lease.txt`).\n\n");
    }
    settingsLine(md, "LeaseMissBench.");
  }

  private void flushTable(StringBuilder md) {
    Optional<Result> single = clusterFlush("SINGLE");
    Optional<Result> cluster = clusterFlush("CLUSTER");
    if (single.isEmpty() && cluster.isEmpty()) {
      return;
    }
    String entries = single.or(() -> cluster).map(r -> r.param("entries")).orElse("");
    String count = entries.matches("\\d+") ? fixed(Double.parseDouble(entries), 0) : entries;
    md.append("#### Scale-out: `flush()` of ").append(count).append(" entries (`ClusterFlushBench`: single shot,"
        + " the entries written before each flush, none left after it)\n\n");
    md.append("| deployment | ms per flush | µs per entry | × one server |\n|---|--:|--:|--:|\n");
    for (Optional<Result> r : List.of(single, cluster)) {
      md.append("| ").append(r == single ? "one `redis-server` (`redis://`)"
              : "Redis Cluster, 3 primaries, no replicas (`redis-cluster://`)")
          .append(" | ").append(r.map(Report::millisSignificant).orElse("not measured"))
          .append(" | ").append(r.filter(x -> x.param("entries").matches("\\d+"))
              .map(x -> fixed(x.nanos() / 1e3 / Double.parseDouble(x.param("entries")), 2)).orElse("—"))
          .append(" | ").append(ratio(r, single).map(e -> withRange(e, Report::times)).orElse("—"))
          .append(" |\n");
    }
    md.append('\n');
    settingsLine(md, "ClusterFlushBench.");
  }

  /** The JMH settings of the first result of a benchmark class, as one line. */
  private void settingsLine(StringBuilder md, String benchmarkPrefix) {
    results.stream()
        .filter(r -> r.benchmark().startsWith(benchmarkPrefix))
        .findFirst()
        .ifPresent(r -> md.append("JMH settings: ").append(r.settings()).append(".\n\n"));
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

  static String microsWithError(Result r) {
    double v = r.nanos() / 1e3;
    double e = r.errorNanos() / 1e3;
    String s = significant(v);
    return Double.isNaN(e) || e == 0 ? s : s + " ± " + significant(e);
  }

  static String millisSignificant(Result r) {
    double v = r.millis();
    double e = r.errorNanos() / 1e6;
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
    if (v > 0 && v < 0.01) { // such as an in-memory hit over a Redis hit: two significant digits
      return fixed(v, Math.min(8, 1 - (int) Math.floor(Math.log10(v)))) + "×";
    }
    return fixed(v, v >= 10 ? 1 : 2) + "×";
  }

  static String millis(double v) {
    return fixed(v, 3) + " ms";
  }

  static String bytes(double v) {
    return fixed(Math.max(0, v), 0) + " B";
  }

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + significant(v);
  }
}
