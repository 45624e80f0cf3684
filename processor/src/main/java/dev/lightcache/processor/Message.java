package dev.lightcache.processor;

import java.util.Locale;

/**
 * Every diagnostic the processor reports, in one place: docs/diagnostics.md lists each one by its tag,
 * and each has its own negative test. A message states the fact, the rule, and the fix.
 */
enum Message {
  CACHED_NOT_ON_INTERFACE(
      "@Cached is on %s %s; it must be on an interface or on a method of one, because Lightcache"
          + " generates a class that implements the interface. Fix: declare an interface with the"
          + " methods to cache, annotate it, and let %s implement it."),
  INTERFACE_NOT_ACCESSIBLE(
      "%s is private (or nested in a private type); the generated class %s, in the same package,"
          + " cannot implement it. Fix: make it package-private or public."),
  GENERIC_INTERFACE(
      "%s declares type parameters %s; a @Cached interface must not be generic, because the"
          + " generated class must know the exact type of every cached value. Fix: extend it with"
          + " concrete types, e.g. @Cached interface Products extends %s<Product, ...> {}"),
  CLASS_VALUE_INVALID(
      "%s = %s.class: %s %s; it must be a public concrete class implementing %s with a public"
          + " no-arg constructor, because wrap(delegate) creates it with new %s(). Fix: %s"),
  ELEMENT_ONLY_ON_INTERFACE(
      "%s is set on the method %s; it can only be set on the interface, because one proxy has one"
          + " %s. Fix: move it to @Cached on the interface, or put the method in its own interface.",
      Fixes.REDECLARE),
  EXPIRATION_NOT_POSITIVE(
      "expirationSeconds is %d; it must be greater than 0 (every entry expires). Fix: use a long"
          + " expiration, such as 86400 (a day), for data that rarely changes.",
      Fixes.REDECLARE),
  METHODS_EMPTY(
      "methods is empty; it must name at least one HTTP verb whose calls are cached. Fix: use the"
          + " default {\"GET\"}, or put @NotCached on the methods that must not be cached."),
  METHODS_UNKNOWN_VERB(
      "methods names \"%s\", which is not an HTTP verb; it must be one of %s. Fix: write the verb"
          + " (e.g. \"GET\"), not a method name; to cache one method whatever its verb, put @Cached"
          + " on it."),
  CACHED_VOID(
      "@Cached is on %s, which returns %s; a cached method must return a value to cache. Fix:"
          + " return the value, or use @Invalidates if the method changes data, or remove @Cached.",
      Fixes.REDECLARE),
  CACHED_HANDLE(
      "@Cached is on %s, which returns %s, a handle to a response or stream rather than data; such"
          + " results cannot be cached. Fix: return the data itself (e.g. the entity instead of a"
          + " Response), or remove @Cached.",
      Fixes.REDECLARE),
  HANDLE_NOT_CACHED(
      "%s is not cached although its verb %s is cached: it returns %s, a handle to a response or"
          + " stream rather than data, so the proxy only delegates. Fix: return the data itself to"
          + " cache it, or add @NotCached to silence this warning.",
      "redeclare it in %1$s with @NotCached to silence this warning: %2$s"),
  CACHED_UNREPLAYABLE(
      "@Cached is on %s, which returns %s, %s, so its values cannot be cached. Fix: %s, or remove"
          + " @Cached.",
      Fixes.REDECLARE),
  UNREPLAYABLE_NOT_CACHED(
      "%s is not cached although its verb %s is cached: it returns %s, %s, so the proxy only"
          + " delegates. Fix: %s, or add @NotCached to silence this warning.",
      "redeclare it in %1$s with @NotCached to silence this warning: %2$s"),
  INVALIDATES_BEFORE_COMPLETION(
      "%s invalidates when the delegate returns, but it returns %s, whose completion the proxy cannot"
          + " observe: the write may not have happened yet, and a read in between can cache the old data"
          + " again. Fix: return a type whose completion the proxy observes (the result itself,"
          + " CompletableFuture, Mono, Flux, Uni, Single, Maybe, Completable or a Reactive Streams"
          + " Publisher), or add @NotCached if the method should not invalidate.",
      "redeclare it in %1$s with @NotCached if it should not invalidate: %2$s"),
  KEY_TYPE_UNSTABLE(
      "parameter %s of %s has type %s, which has no stable text form for a cache key: %s. Keys must"
          + " be equal in every JVM. Fix: %s, mark the parameters that identify the call with"
          + " @CacheKey, or mark the method @NotCached.",
      "redeclare it in %1$s with @NotCached, or with @CacheKey on the parameters that form the key"
          + " (types with a stable text form): %2$s"),
  CACHE_KEY_ON_UNCACHED(
      "@CacheKey is on parameter %s of %s, which is not cached (%s); @CacheKey only picks the key"
          + " parameters of a cached method. Fix: remove @CacheKey, or cache the method with @Cached.",
      Fixes.REDECLARE),
  INVALIDATES_UNKNOWN(
      "@Invalidates names \"%s\", which is not a cached method of %s; it must name cached methods%s."
          + " Fix: name a cached method, or use @Invalidates with no names to invalidate every entry.",
      Fixes.REDECLARE),
  INVALIDATES_ON_CACHED(
      "@Invalidates is on %s, which is cached (%s); a method either reads through the cache or"
          + " invalidates it, not both. Fix: remove @Invalidates, or stop caching the method: remove"
          + " its @Cached, or give it a verb that is not cached (an HTTP annotation such as @POST, or a"
          + " name such as update...).",
      Fixes.REDECLARE),
  CACHED_AND_NOT_CACHED(
      "%s has both @Cached and @NotCached; a method is either cached or not. Fix: remove one.",
      Fixes.REDECLARE),
  NOT_CACHED_AND_INVALIDATES(
      "%s has both @NotCached and @Invalidates; @NotCached means plain delegation, which never"
          + " invalidates. Fix: remove @NotCached to keep the invalidation, or remove @Invalidates.",
      Fixes.REDECLARE),
  ANNOTATION_WITHOUT_CACHED(
      "@%s is on %s, but %s has no @Cached, neither on it nor on any of its methods, so Lightcache"
          + " generates no proxy for it and the annotation has no effect. Fix: put @Cached on the"
          + " interface (Lightcache generates proxies for interfaces only), or remove @%s."),
  GENERIC_RETURN_TYPE(
      "%s returns %s, which depends on its own type variable %s; the proxy cannot know the type of"
          + " the cached value at compile time. Fix: return a concrete type, or mark it @NotCached.",
      "redeclare it in %1$s with @NotCached: %2$s"),
  MEMBER_CLASH(
      "%s has the same signature as %s of dev.lightcache.runtime.CachingProxy, which the generated"
          + " class implements. Fix: rename the method.",
      "a redeclaration keeps the signature, so the proxy still could not implement both; declare the"
          + " methods you call in an interface of your own that does not extend %3$s, put @Cached on"
          + " it, and implement it by delegating to %3$s."),
  INCOMPLETE_TYPE(
      "%s refers to %s, which could not be resolved; the proxy cannot be generated from an"
          + " incomplete type. Fix: make sure the type exists and is on the classpath (or that the"
          + " processor generating it runs)."),
  INTERNAL_ERROR(
      "Lightcache failed while processing %s; this is a bug in Lightcache, please report it with"
          + " this stack trace:%n%s");

  private final String template;
  /** The fix for a method inherited from a compiled class; {@code null} for messages that never apply to one. */
  private final String inheritedFix;

  Message(String template) {
    this(template, null);
  }

  /**
   * @param inheritedFix the fix when the method at fault is inherited from a compiled class, where it
   *     cannot be changed: {@code %1$s} is the interface, {@code %2$s} the redeclaration to write in it,
   *     {@code %3$s} the class it is inherited from
   */
  Message(String template, String inheritedFix) {
    this.template = template;
    this.inheritedFix = inheritedFix;
  }

  /**
   * A method that an interface inherits from a compiled class, for messages about it.
   *
   * @param endpoint the interface's simple name
   * @param method the method as declared, such as {@code com.vendor.Api.search(java.util.Map<java.lang.String,java.lang.Object>)}
   * @param owner the qualified name of the class that declares it
   * @param redeclaration the declaration that overrides it in the interface, such as {@code @Override
   *     List<User> search(Map<String,Object> arg0);}
   */
  record Inherited(String endpoint, String method, String owner, String redeclaration) {}

  /** The tag that docs/diagnostics.md lists, such as {@code [LC_EXPIRATION_NOT_POSITIVE]}. */
  String tag() {
    return "[LC_" + name() + "]";
  }

  String format(Object... args) {
    return tag() + " " + String.format(Locale.ROOT, template, args);
  }

  /**
   * The message about a method inherited from a compiled class: which method, the fact and rule as
   * usual, and the fix that applies in the interface (its own fix would edit a class the user cannot).
   */
  String formatInherited(Inherited inherited, Object... args) {
    int fix = template.lastIndexOf(" Fix: ");
    // The fact comes before the fix, so it uses the first arguments; String.format ignores the rest.
    String fact = String.format(Locale.ROOT, fix < 0 ? template : template.substring(0, fix), args);
    String inheritedFixTemplate = this.inheritedFix != null ? this.inheritedFix : Fixes.REDECLARE;
    return tag()
        + " " + inherited.endpoint() + " inherits " + inherited.method()
        + " from a compiled class, where it cannot be changed: " + fact
        + " Fix: " + String.format(
            Locale.ROOT, inheritedFixTemplate, inherited.endpoint(), inherited.redeclaration(), inherited.owner());
  }

  /** Fixes that several messages share. */
  private static final class Fixes {
    /** For Lightcache annotations on a compiled declaration: a redeclaration replaces them. */
    static final String REDECLARE =
        "redeclare it in %1$s with the annotations it needs there, for example with @NotCached to"
            + " delegate it uncached (a redeclaration's Lightcache annotations replace the inherited"
            + " ones): %2$s";
  }
}
