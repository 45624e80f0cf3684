package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Turns cached values into the bytes a {@link DefaultRedisCache} stores in Redis, and back into a value
 * of the exact type the reader expects.
 *
 * <p>The default is {@link JacksonCodec} (JSON). Write another one for a different format (Protocol
 * Buffers, Kryo, compressed JSON); it must:
 *
 * <ul>
 *   <li>round-trip {@link NullValue#INSTANCE}, the value a proxy stores for a cached {@code null}, so
 *       that {@code decode(encode(NullValue.INSTANCE), anyType)} is {@code NullValue.INSTANCE};
 *   <li>decode to the type described by the {@link ValueType}, generic arguments included: a {@code
 *       List<Product>} must come back as a list of {@code Product};
 *   <li>decode strictly: bytes that {@code encode} would not have written for that type (an older
 *       shape with a field missing, {@code null} for a primitive, a value of another type, anything
 *       after the value) must fail, never come back as a half-filled or defaulted value. A hit is
 *       served as the method's result, so a lenient codec turns a stale or foreign entry into a wrong
 *       answer; {@link JacksonCodec} lists what it checks and what it cannot;
 *   <li>never instantiate a class named by the stored bytes (no polymorphic "default typing"): whoever
 *       can write to Redis must not be able to choose which classes the application instantiates.
 * </ul>
 *
 * <p>A codec that cannot decode some bytes throws (or returns {@code null}); the cache then treats the
 * entry as corrupt: a miss, deleted from Redis and counted in {@link
 * DefaultRedisCache#corruptEntryCount()}.
 *
 * <p><b>Thread safety.</b> One instance is shared by every thread using the cache, so implementations
 * must be thread-safe.
 */
public interface CacheCodec {

  /**
   * Encodes a value for storage.
   *
   * @param value the value, possibly {@link NullValue#INSTANCE}; never {@code null}
   * @return its bytes
   * @throws IOException if the value cannot be encoded; the cache logs and counts it and stores nothing
   */
  byte[] encode(Object value) throws IOException;

  /**
   * Decodes stored bytes into a value of {@code type}.
   *
   * @param bytes what {@link #encode} returned, possibly written by another process or version, or
   *     bytes someone else stored under the key
   * @param type the type the reader expects
   * @return a value of exactly {@code type}, or {@link NullValue#INSTANCE} if the bytes encode a
   *     cached null, or {@code null} if they cannot be decoded
   * @throws IOException if the bytes are not an encoding of a {@code type} value
   */
  @Nullable Object decode(byte[] bytes, ValueType<?> type) throws IOException;
}
