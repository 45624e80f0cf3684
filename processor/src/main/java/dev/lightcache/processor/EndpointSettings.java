package dev.lightcache.processor;

import com.palantir.javapoet.ClassName;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;

/**
 * An interface's settings from its {@code @Cached}, or the defaults when only methods have it.
 *
 * @param annotation the interface's {@code @Cached}; {@code null} when only methods have it
 * @param namespace the first part of every key
 * @param version the version part of every key
 * @param expirationSeconds the default time to live
 * @param methods the verbs whose calls are cached
 * @param cacheNulls whether null results are cached by default
 * @param cacheClass the backend class; empty for the built-in one
 * @param invalidationClass the strategy class; empty for the built-in one
 */
record EndpointSettings(
    AnnotationMirror annotation,
    String namespace,
    int version,
    long expirationSeconds,
    Set<String> methods,
    boolean cacheNulls,
    Optional<ClassName> cacheClass,
    Optional<ClassName> invalidationClass) {

  /** Whether the interface itself has {@code @Cached}. */
  boolean interfaceCached() {
    return annotation != null;
  }
}
