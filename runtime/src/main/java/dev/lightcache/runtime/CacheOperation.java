package dev.lightcache.runtime;

/** A backend operation that failed, as reported to a {@link CacheErrorHandler}. */
public enum CacheOperation {
  /** A read: {@code get} or {@code getAsync}. */
  GET,
  /** A write: {@code set} or {@code setAsync}. */
  SET,
  /** A removal of one key: {@code delete} or {@code deleteAsync}. */
  DELETE,
  /** A removal of many keys: {@code invalidatePrefix} or {@code flush}. */
  INVALIDATE
}
