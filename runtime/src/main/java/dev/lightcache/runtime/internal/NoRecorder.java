package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.StatsRecorder;

/** {@link StatsRecorder#none()}: the engine skips calling it on the hot path. */
public final class NoRecorder implements StatsRecorder {

  /** The only instance. */
  public static final NoRecorder INSTANCE = new NoRecorder();

  private NoRecorder() {}
}
