package dev.lightcache.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The static description of one generated proxy's endpoint: namespace, version, and its cached and
 * invalidating methods. A generated class holds one in a constant and registers each method while its
 * static initializer runs; after that it is only read.
 */
public final class Endpoint {

  private final String namespace;
  private final int version;
  private final String keyPrefix;
  private final List<CachedMethod> cachedMethods = new ArrayList<>();
  private final List<String> signatures = new ArrayList<>();

  /**
   * Describes an endpoint.
   *
   * @param namespace the namespace, such as the interface's qualified name
   * @param version the version of the cached data
   */
  public Endpoint(String namespace, int version) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.version = version;
    this.keyPrefix = KeyText.namespace(namespace) + ":v" + version + ":";
  }

  /**
   * Starts describing a cached method.
   *
   * @param signature its signature as in keys, such as {@code get(long)}
   * @return a builder; {@link CachedMethod.Builder#returning} registers the method
   */
  public CachedMethod.Builder cached(String signature) {
    return new CachedMethod.Builder(this, signature);
  }

  /**
   * Starts describing an invalidating method.
   *
   * @param signature its signature, such as {@code post(Product)}
   * @return a builder; {@link InvalidatingMethod.Builder#build} registers the method
   */
  public InvalidatingMethod.Builder invalidating(String signature) {
    return new InvalidatingMethod.Builder(this, signature);
  }

  /** The namespace. */
  public String namespace() {
    return namespace;
  }

  /** The version. */
  public int version() {
    return version;
  }

  /** The prefix of every key of this endpoint: {@code namespace:vN:}. */
  public String keyPrefix() {
    return keyPrefix;
  }

  List<CachedMethod> cachedMethods() {
    return cachedMethods;
  }

  /** The signatures of every registered method, in registration order; a method's index is its slot. */
  List<String> signatures() {
    return signatures;
  }

  synchronized int register(String signature) {
    if (signatures.contains(signature)) {
      throw new IllegalStateException(signature + " is registered twice on " + namespace);
    }
    signatures.add(signature);
    return signatures.size() - 1;
  }

  synchronized void register(CachedMethod method) {
    cachedMethods.add(method);
  }

  @Override
  public String toString() {
    return "Endpoint[" + keyPrefix + "]";
  }
}
