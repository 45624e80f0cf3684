package dev.lightcache.processor.functional.reactive;

import dev.lightcache.annotations.Cached;
import feign.Param;
import feign.RequestLine;
import feign.Response;

/** An OpenFeign client: the verb comes from {@code @RequestLine}. */
@Cached(expirationSeconds = 60)
public interface FeignResponseFiles {
  /** A handle: delegated on every call, with a compile warning. */
  @RequestLine("GET /files/{name}")
  Response file(@Param("name") String name);

  @RequestLine("GET /files/{name}/size")
  long size(@Param("name") String name);
}
