package dev.lightcache.benchmarks.model;

import java.util.SplittableRandom;

/**
 * The arguments a benchmark thread cycles through: precomputed, so that choosing the next call's
 * arguments allocates nothing and costs an array read. Not thread-safe: one per benchmark thread.
 */
public final class KeySpace {

  /** The smallest id: above 127, so that {@code Long.valueOf} never hits its small-value cache. */
  public static final long BASE = 1_000_000L;

  /** Regions used as the {@code String} argument of the three-argument call. */
  public static final String[] REGIONS = {"eu-west-1", "us-east-1", "ap-south-1", "sa-east-1"};

  private final long[] ids;
  private final String[] regions;
  private final int[] versions;
  private final int mask;
  private int next;

  private KeySpace(int size, long bound, long seed) {
    int n = size <= 1 ? 1 : Integer.highestOneBit(size - 1) << 1;
    this.ids = new long[n];
    this.regions = new String[n];
    this.versions = new int[n];
    this.mask = n - 1;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      ids[i] = bound == 0 ? BASE + i : BASE + random.nextLong(bound);
      regions[i] = REGIONS[i & (REGIONS.length - 1)];
      versions[i] = 1 + (i & 1);
    }
  }

  /**
   * {@code size} distinct tuples with ids {@code BASE, BASE+1, ...}: the hit path's working set.
   *
   * @param size number of tuples, rounded up to a power of two
   * @return the key space
   */
  public static KeySpace sequential(int size) {
    return new KeySpace(size, 0, 0);
  }

  /**
   * {@code size} tuples with ids drawn at random from {@code [BASE, BASE + bound)}: the miss path.
   *
   * @param size number of tuples, rounded up to a power of two
   * @param bound size of the id range
   * @param seed random seed, so every contender sees the same sequence
   * @return the key space
   */
  public static KeySpace random(int size, long bound, long seed) {
    return new KeySpace(size, bound, seed);
  }

  /** Number of tuples. */
  public int size() {
    return ids.length;
  }

  /** Moves to the next tuple and returns its index. */
  public int advance() {
    int i = next;
    next = (i + 1) & mask;
    return i;
  }

  /** The id of tuple {@code i}. */
  public long id(int i) {
    return ids[i];
  }

  /** The region of tuple {@code i}. */
  public String region(int i) {
    return regions[i];
  }

  /** The version of tuple {@code i}. */
  public int version(int i) {
    return versions[i];
  }
}
