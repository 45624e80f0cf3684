package dev.lightcache.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A key-value store that a generated proxy keeps its results in: the backend of Lightcache.
 *
 * <p>A backend implements the four abstract methods ({@link #get(String)}, {@link #set}, {@link
 * #delete}, {@link #flush}) and is complete. The default methods are correct for any backend, if not
 * the fastest: {@link #invalidatePrefix} flushes everything, the {@code *Async} methods run the
 * synchronous call and return it completed. Built-in backends override them.
 *
 * <p><b>Thread safety.</b> One instance is shared by every thread that calls a proxy, so implementations
 * must be safe for concurrent use.
 *
 * <p><b>Nulls.</b> Keys and values are never {@code null}. A cached {@code null} result is stored as
 * {@link NullValue#INSTANCE}, so {@code get} returning {@code null} always means a miss.
 *
 * <p><b>Failures.</b> A backend may throw any {@link RuntimeException}; the proxy hands it to its {@link
 * CacheErrorHandler}, which by default treats a failed read as a miss and logs a failed write, so a
 * failing backend never fails a call that the delegate can serve.
 *
 * <p><b>Keys.</b> A key is readable text of the form {@code namespace:vVERSION:method(ParamTypes):args}
 * and at most 250 characters long; see {@code docs/reference.md} for the exact form.
 */
public interface Cache {

  /**
   * Returns the value stored under {@code key}, or {@code null} if there is none (or it has expired).
   *
   * @param key the key, never {@code null}
   * @return the stored value, {@link NullValue#INSTANCE} for a cached null, or {@code null} on a miss
   */
  @Nullable Object get(String key);

  /**
   * Stores {@code value} under {@code key}, replacing any previous value.
   *
   * @param key the key
   * @param value the value to store; {@link NullValue#INSTANCE} stands for a cached {@code null}
   * @param expiration how long the entry lives, or {@code null} for the backend's default expiration
   */
  void set(String key, Object value, @Nullable Duration expiration);

  /**
   * Removes the entry stored under {@code key}, if any.
   *
   * @param key the key
   */
  void delete(String key);

  /** Removes every entry this cache holds (for a shared backend: every entry under its own prefix). */
  void flush();

  /**
   * Returns the value stored under {@code key} decoded as {@code type}, or {@code null} on a miss.
   *
   * <p>Serialising backends override this to decode to the exact type. The default calls {@link
   * #get(String)} and treats a value that is not of the expected type as a miss, so a stale or corrupt
   * entry is never returned.
   *
   * @param key the key
   * @param type the type the caller expects
   * @param <T> the expected type
   * @return the value, {@link NullValue#INSTANCE} (typed as {@code T}) for a cached null, or {@code null}
   *     on a miss
   */
  @SuppressWarnings("unchecked")
  default <T> @Nullable T get(String key, ValueType<T> type) {
    Object value = get(key);
    if (value == null) {
      return null;
    }
    return value == NullValue.INSTANCE || type.isInstance(value) ? (T) value : null;
  }

  /**
   * Removes every entry whose key starts with {@code prefix}. An implementation may remove more than
   * asked, never less; the default removes everything ({@link #flush()}).
   *
   * @param prefix the key prefix, such as an endpoint's {@code "com.acme.ProductEndpoint:v1:"}
   */
  default void invalidatePrefix(String prefix) {
    flush();
  }

  /**
   * Asynchronous {@link #get(String, ValueType)}. The default runs the synchronous call in the caller's
   * thread and returns it completed (or failed with what it threw).
   *
   * @param key the key
   * @param type the type the caller expects
   * @param <T> the expected type
   * @return a stage completed with the value, or with {@code null} on a miss
   */
  default <T> CompletionStage<@Nullable T> getAsync(String key, ValueType<T> type) {
    try {
      return CompletableFuture.completedFuture(get(key, type));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Asynchronous {@link #set}. The default runs the synchronous call and returns it completed.
   *
   * @param key the key
   * @param value the value
   * @param expiration the expiration, or {@code null} for the backend's default
   * @return a stage completed when the value is stored
   */
  default CompletionStage<@Nullable Void> setAsync(
      String key, Object value, @Nullable Duration expiration) {
    try {
      set(key, value, expiration);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Asynchronous {@link #delete}. The default runs the synchronous call and returns it completed.
   *
   * @param key the key
   * @return a stage completed when the entry is removed
   */
  default CompletionStage<@Nullable Void> deleteAsync(String key) {
    try {
      delete(key);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
