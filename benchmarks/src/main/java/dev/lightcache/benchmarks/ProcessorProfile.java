package dev.lightcache.benchmarks;

/**
 * Runs {@link ProcessorBench}'s compilation several times outside JMH, for a profiler to watch (JFR):
 *
 * <pre>
 * java -XX:StartFlightRecording=filename=processor.jfr,settings=profile \
 *     -cp benchmarks/target/benchmarks.jar dev.lightcache.benchmarks.ProcessorProfile 1000 5
 * </pre>
 *
 * Prints, per run, the whole compilation and the time inside the processor.
 */
public final class ProcessorProfile {

  private ProcessorProfile() {}

  /**
   * @param args the number of interfaces (default 1000) and of runs (default 5)
   * @throws Exception if a compilation fails
   */
  public static void main(String[] args) throws Exception {
    ProcessorBench bench = new ProcessorBench();
    bench.count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    bench.processor = true;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    bench.writeSources();
    try {
      for (int run = 0; run < runs; run++) {
        ProcessorBench.ProcessorTime time = new ProcessorBench.ProcessorTime();
        bench.outputDirs();
        long start = System.nanoTime();
        bench.compile(time);
        long total = System.nanoTime() - start;
        bench.deleteOutput();
        System.out.printf(
            "run %d: javac %.0f ms, inside the processor %.1f ms = %.3f ms per interface%n",
            run, total / 1e6, time.processorMs, time.processorMs / bench.count);
      }
    } finally {
      bench.deleteAll();
    }
  }
}
