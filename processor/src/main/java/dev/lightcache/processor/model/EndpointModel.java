package dev.lightcache.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * Everything the writer needs to generate one proxy.
 *
 * @param interfaceName the annotated interface
 * @param proxyName the generated class, {@code CachedX} in the interface's package
 * @param isPublic whether the generated class is public (the interface is accessible everywhere)
 * @param namespace the namespace of every key
 * @param version the version part of every key
 * @param cacheClass the backend built by {@code wrap(delegate)}; empty for {@code InMemoryCache}
 * @param invalidationClass the strategy class; empty for the built-in one
 * @param methods every method the proxy overrides, plus inherited default methods (not overridden), in
 *     a stable order
 * @param recordKeys record types in key parameters, sorted by name, whose components keys write
 * @param originatingElement the interface, handed to the filer for incremental builds
 * @param markedGenerated whether the proxy is annotated {@code @javax.annotation.processing.Generated}:
 *     only where its module can see that annotation
 */
public record EndpointModel(
    ClassName interfaceName,
    ClassName proxyName,
    boolean isPublic,
    String namespace,
    int version,
    Optional<ClassName> cacheClass,
    Optional<ClassName> invalidationClass,
    List<MethodModel> methods,
    List<RecordKeyModel> recordKeys,
    TypeElement originatingElement,
    boolean markedGenerated) {

  public EndpointModel {
    methods = List.copyOf(methods);
    recordKeys = List.copyOf(recordKeys);
  }
}
