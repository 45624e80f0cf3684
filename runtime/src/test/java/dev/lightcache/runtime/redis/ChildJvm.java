package dev.lightcache.runtime.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A second process for the tests where a process is the point: a JVM on this test's class path,
 * running a child's {@code main}, driven by lines on its stdin and read by lines on its stdout (its
 * stderr goes to this JVM's). Closing it kills it (SIGKILL) if it is still running.
 */
final class ChildJvm implements AutoCloseable {

  /** How long one line, or the exit, may take. */
  static final long STEP_SECONDS = 60;

  private final Process process;
  private final BufferedReader out;
  private final Writer in;

  private ChildJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts {@code main}'s {@code main(args)} in a new JVM. */
  static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ChildJvm(
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** The child's next line on stdout, waited for at most {@value #STEP_SECONDS} s. */
  String readLine() throws Exception {
    // A daemon thread of its own: a line that never comes must not hold a common-pool worker (on
    // JDK 25 with two cores the pool has one, which the cache's joiners also use).
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                line.complete(out.readLine());
              } catch (IOException | RuntimeException e) {
                line.completeExceptionally(e);
              }
            },
            "child-jvm-reader");
    reader.setDaemon(true);
    reader.start();
    return line.get(STEP_SECONDS, TimeUnit.SECONDS);
  }

  /** Writes a line to the child's stdin. */
  void send(String line) {
    try {
      in.write(line + "\n");
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the child's stdin: a child waiting for a line sees the end. */
  void closeInput() throws IOException {
    in.close();
  }

  /** Waits for the child to exit on its own and returns its exit code; throws if it does not. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the child " + process.pid() + " did not exit");
    }
    return process.exitValue();
  }

  /** Kills the child with SIGKILL, as a crash would, and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    awaitExit();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
