package dev.lightcache.runtime.internal;

import dev.lightcache.runtime.Invocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The static description of one invalidating method: what its annotations and verb say it invalidates.
 * Immutable once built; generated code holds one per invalidating method in a constant.
 */
public final class InvalidatingMethod {

  private final Endpoint endpoint;
  private final String signature;
  private final String name;
  private final String verb;
  private final int index;
  private final List<Invocation.Target> targets;

  private InvalidatingMethod(Builder builder) {
    this.endpoint = builder.endpoint;
    this.signature = builder.signature;
    this.name = CachedMethod.nameOf(signature);
    this.verb = builder.verb;
    this.targets = List.copyOf(builder.targets);
    this.index = endpoint.register(signature);
  }

  /** The endpoint. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** The signature, such as {@code post(Product)}. */
  public String signature() {
    return signature;
  }

  /** The name. */
  public String name() {
    return name;
  }

  /** The HTTP verb, or {@code ""}. */
  public String verb() {
    return verb;
  }

  int index() {
    return index;
  }

  /** What the method declares it invalidates. */
  public List<Invocation.Target> targets() {
    return targets;
  }

  @Override
  public String toString() {
    return endpoint.keyPrefix() + signature + " invalidates " + targets;
  }

  /** Describes an invalidating method; {@link #build} ends the description. */
  public static final class Builder {
    private final Endpoint endpoint;
    private final String signature;
    private String verb = "";
    private final List<Invocation.Target> targets = new ArrayList<>();

    Builder(Endpoint endpoint, String signature) {
      this.endpoint = endpoint;
      this.signature = Objects.requireNonNull(signature, "signature");
    }

    /** The HTTP verb the method was recognised by. */
    public Builder verb(String verb) {
      this.verb = Objects.requireNonNull(verb, "verb");
      return this;
    }

    /** Every entry of the endpoint. */
    public Builder invalidatesEndpoint() {
      targets.add(Invocation.Target.endpoint());
      return this;
    }

    /** Every entry of {@code method}. */
    public Builder invalidatesMethod(CachedMethod method) {
      targets.add(Invocation.Target.method(method.signature()));
      return this;
    }

    /**
     * The one entry of {@code method} whose key is made of this method's arguments at {@code
     * argumentPositions}, in the target's key order.
     */
    public Builder invalidatesKey(CachedMethod method, int... argumentPositions) {
      List<Integer> positions = new ArrayList<>(argumentPositions.length);
      for (int position : argumentPositions) {
        positions.add(position);
      }
      targets.add(Invocation.Target.key(method.signature(), positions));
      return this;
    }

    /** Ends the description and registers the method with its endpoint. */
    public InvalidatingMethod build() {
      return new InvalidatingMethod(this);
    }
  }
}
