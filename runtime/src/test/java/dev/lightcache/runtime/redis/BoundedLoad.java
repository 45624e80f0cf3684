package dev.lightcache.runtime.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A bounded load for the failover tests: a few threads call {@code call} on every key in turn until
 * closed, counting calls and keeping whatever a call throws (a failed call).
 */
final class BoundedLoad implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
  private final AtomicLong calls = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();

  BoundedLoad(int threadCount, List<String> keys, Consumer<String> call) {
    for (int t = 0; t < threadCount; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (running.get()) {
                  for (String key : keys) {
                    try {
                      call.accept(key);
                      calls.incrementAndGet();
                    } catch (Throwable e) {
                      thrown.add(e);
                    }
                  }
                }
              },
              "bounded-load-" + t);
      thread.start();
      threads.add(thread);
    }
  }

  long calls() {
    return calls.get();
  }

  /** What the calls threw so far: empty when no call failed. */
  List<Throwable> thrown() {
    return List.copyOf(thrown);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(10_000);
    }
  }
}
