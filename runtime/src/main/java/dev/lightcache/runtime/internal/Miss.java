package dev.lightcache.runtime.internal;

/**
 * What {@link ProxyEngine#lookup} returns when a call must be loaded: the backend had no entry, or it
 * could not be read. A generated method passes it on to {@link ProxyEngine#load}, which then knows
 * whether storing the result is worth a second backend call: after a failed read it is not, so that one
 * call never waits for two backend timeouts.
 */
public final class Miss {

  /** The backend answered and had no usable entry. */
  static final Miss ABSENT = new Miss("absent");

  /** The backend failed (or was skipped): the result is not stored either. */
  static final Miss UNREADABLE = new Miss("unreadable");

  /**
   * The method is not cached by this backend (it returns responses that the backend cannot keep
   * faithfully): the backend was not read, and the result is neither stored nor shared.
   */
  static final Miss SKIPPED = new Miss("skipped");

  private final String name;

  private Miss(String name) {
    this.name = name;
  }

  boolean storesResult() {
    return this == ABSENT;
  }

  @Override
  public String toString() {
    return "Miss[" + name + "]";
  }
}
