package dev.lightcache.runtime;

import dev.lightcache.runtime.internal.ExpiryClock;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;

/** Run by {@link ExpirationSlackTest} in a JVM of its own; exits 0 when every check holds. */
public final class ExpiryClockChild {

  /** Keeps a cache (and so the ticker) alive while main returns. */
  static InMemoryCache kept;

  public static void main(String[] args) throws InterruptedException {
    if (ExpiryClock.system().ticker() != null) {
      fail("a ticker runs before any cache exists");
    }
    WeakReference<InMemoryCache> ref = new WeakReference<>(new InMemoryCache());
    if (ExpiryClock.system().ticker() == null) {
      fail("a new cache did not start the ticker");
    }
    long start = System.nanoTime();
    while (ExpiryClock.system().ticker() != null) {
      System.gc();
      if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
        fail("the ticker still runs 60 s after its cache became unreachable (collected: " + (ref.get() == null) + ")");
      }
      Thread.sleep(20);
    }
    kept = new InMemoryCache();
    if (ExpiryClock.system().ticker() == null) {
      fail("a cache made after the ticker stopped did not start it again");
    }
    kept.set("k", "v", null);
    if (!"v".equals(kept.get("k"))) {
      fail("the cache does not serve its entry");
    }
    System.out.println("ticker stopped; restarted; main returns");
  }

  private static void fail(String message) {
    System.out.println("FAILED: " + message);
    System.exit(1);
  }
}
