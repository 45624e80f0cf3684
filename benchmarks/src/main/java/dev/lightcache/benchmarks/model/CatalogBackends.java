package dev.lightcache.benchmarks.model;

/** Delegates for {@code CachedCatalogA..D}: each forwards to a {@link ProductBackend}. */
public final class CatalogBackends {

  private CatalogBackends() {}

  /** Forwards every call. */
  private abstract static class Forwarding implements ProductEndpoint {
    private final ProductEndpoint target;

    Forwarding(ProductEndpoint target) {
      this.target = target;
    }

    @Override
    public Product get() {
      return target.get();
    }

    @Override
    public Product get(long id) {
      return target.get(id);
    }

    @Override
    public Product get(long id, String region, int version) {
      return target.get(id, region, version);
    }
  }

  private static final class A extends Forwarding implements CatalogA {
    A(ProductEndpoint target) {
      super(target);
    }
  }

  private static final class B extends Forwarding implements CatalogB {
    B(ProductEndpoint target) {
      super(target);
    }
  }

  private static final class C extends Forwarding implements CatalogC {
    C(ProductEndpoint target) {
      super(target);
    }
  }

  private static final class D extends Forwarding implements CatalogD {
    D(ProductEndpoint target) {
      super(target);
    }
  }

  /** A {@link CatalogA} answering from {@code target}. */
  public static CatalogA a(ProductEndpoint target) {
    return new A(target);
  }

  /** A {@link CatalogB} answering from {@code target}. */
  public static CatalogB b(ProductEndpoint target) {
    return new B(target);
  }

  /** A {@link CatalogC} answering from {@code target}. */
  public static CatalogC c(ProductEndpoint target) {
    return new C(target);
  }

  /** A {@link CatalogD} answering from {@code target}. */
  public static CatalogD d(ProductEndpoint target) {
    return new D(target);
  }
}
