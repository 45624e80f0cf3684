package dev.lightcache.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One negative test per {@link Message}: each case compiles a small source with the real processor
 * and checks the tag, the key words of the text (fact, rule, fix), the file and the line of the
 * element or annotation value at fault, that the message is reported once, that no other Lightcache
 * diagnostic cascades from it, and that nothing is generated for the broken interface.
 */
class DiagnosticsTest {

  private static final String HEADER =
      """
      package com.acme;

      import dev.lightcache.annotations.CacheKey;
      import dev.lightcache.annotations.Cached;
      import dev.lightcache.annotations.Invalidates;
      import dev.lightcache.annotations.NotCached;
      import java.io.InputStream;
      import java.util.List;
      import java.util.concurrent.CompletableFuture;
      import java.util.stream.Stream;

      """;

  /** Backends and strategies named by {@code @Cached(cache = ...)} and {@code invalidation = ...}. */
  private static final JavaFileObject BACKENDS =
      source(
          "Backends",
          """
          public final class Backends {
            public static class NotACache {}

            public abstract static class AbstractCache implements dev.lightcache.runtime.Cache {
              CACHE_METHODS
            }

            public static class UrlCache implements dev.lightcache.runtime.Cache {
              public UrlCache(String url) {}

              CACHE_METHODS
            }

            static class HiddenCache implements dev.lightcache.runtime.Cache {
              public HiddenCache() {}

              CACHE_METHODS
            }

            public static class NotAStrategy {}
          }
          """
              .replace(
                  "CACHE_METHODS",
                  """
                  @Override
                    public Object get(String key) {
                      return null;
                    }

                    @Override
                    public void set(String key, Object value, java.time.Duration expiration) {}

                    @Override
                    public void delete(String key) {}

                    @Override
                    public void flush() {}
                  """));

  // ------------------------------------------------------------------------------- cases

  static Stream<Case> cases() {
    List<Builder> cases = new ArrayList<>();

    // CACHED_NOT_ON_INTERFACE: @Cached on a class, enum, record, annotation type, method of a class.
    cases.add(
        error(Message.CACHED_NOT_ON_INTERFACE, "on a class")
            .source(
                "ProductService",
                """
                @Cached
                public class ProductService {
                  public String get(long id) {
                    return "p" + id;
                  }
                }
                """)
            .on("@Cached")
            .says(
                "@Cached is on the class com.acme.ProductService; it must be on an interface",
                "let ProductService implement it"));
    cases.add(
        error(Message.CACHED_NOT_ON_INTERFACE, "on an enum")
            .source(
                "Color",
                """
                @Cached
                public enum Color {
                  RED
                }
                """)
            .on("@Cached")
            .says("@Cached is on the enum com.acme.Color; it must be on an interface"));
    cases.add(
        error(Message.CACHED_NOT_ON_INTERFACE, "on a record")
            .source(
                "Point",
                """
                @Cached
                public record Point(int x, int y) {}
                """)
            .on("@Cached")
            .says("@Cached is on the record com.acme.Point; it must be on an interface"));
    cases.add(
        error(Message.CACHED_NOT_ON_INTERFACE, "on an annotation type")
            .source(
                "Marker",
                """
                @Cached
                public @interface Marker {}
                """)
            .on("@Cached")
            .says("@Cached is on the annotation type com.acme.Marker; it must be on an interface"));
    cases.add(
        error(Message.CACHED_NOT_ON_INTERFACE, "on a method of a class")
            .source(
                "ProductService",
                """
                public class ProductService {
                  @Cached
                  public String get(long id) {
                    return "p" + id;
                  }
                }
                """)
            .on("@Cached")
            .says(
                "@Cached is on a method of the class com.acme.ProductService; it must be on an"
                    + " interface or on a method of one"));

    // INTERFACE_NOT_ACCESSIBLE
    cases.add(
        error(Message.INTERFACE_NOT_ACCESSIBLE, "private nested interface")
            .source(
                "Outer",
                """
                public class Outer {
                  @Cached
                  private interface Products {
                    String get(long id);
                  }
                }
                """)
            .on("private interface Products")
            .says(
                "com.acme.Outer.Products is private",
                "the generated class CachedOuter_Products, in the same package, cannot implement it",
                "make it package-private or public"));
    cases.add(
        error(Message.INTERFACE_NOT_ACCESSIBLE, "interface nested in a private class")
            .source(
                "Outer",
                """
                public class Outer {
                  private static class Holder {
                    @Cached
                    interface Products {
                      String get(long id);
                    }
                  }
                }
                """)
            .on("interface Products")
            .says("com.acme.Outer.Holder.Products is private (or nested in a private type)",
                "CachedOuter_Holder_Products"));

    // GENERIC_INTERFACE
    cases.add(
        error(Message.GENERIC_INTERFACE, "type parameter on the interface")
            .source(
                "Repository",
                """
                @Cached
                public interface Repository<T> {
                  T get(long id);
                }
                """)
            .on("interface Repository<T>")
            .says(
                "com.acme.Repository declares type parameters <T>; a @Cached interface must not be"
                    + " generic",
                "extends Repository<Product, ...> {}"));

    // CLASS_VALUE_INVALID: cache (4 ways) and invalidation.
    cases.add(
        error(Message.CLASS_VALUE_INVALID, "cache does not implement Cache")
            .source(
                "Products",
                """
                @Cached(
                    expirationSeconds = 60,
                    cache = Backends.NotACache.class)
                public interface Products {
                  String get(long id);
                }
                """)
            .with(BACKENDS)
            .on("cache = Backends.NotACache.class")
            .column(".class)")
            .says(
                "cache = NotACache.class: com.acme.Backends.NotACache does not implement"
                    + " dev.lightcache.runtime.Cache; it must be a public concrete class implementing"
                    + " dev.lightcache.runtime.Cache with a public no-arg constructor",
                "Fix: make NotACache implement dev.lightcache.runtime.Cache"));
    cases.add(
        error(Message.CLASS_VALUE_INVALID, "cache is abstract")
            .source(
                "Products",
                """
                @Cached(
                    expirationSeconds = 60,
                    cache = Backends.AbstractCache.class)
                public interface Products {
                  String get(long id);
                }
                """)
            .with(BACKENDS)
            .on("cache = Backends.AbstractCache.class")
            .says(
                "cache = AbstractCache.class: com.acme.Backends.AbstractCache is abstract; it must be"
                    + " a public concrete class",
                "Fix: make AbstractCache concrete, or name a concrete subclass of it, or use the"
                    + " built-in InMemoryCache"));
    cases.add(
        error(Message.CLASS_VALUE_INVALID, "cache has no public no-arg constructor")
            .source(
                "Products",
                """
                @Cached(
                    expirationSeconds = 60,
                    cache = Backends.UrlCache.class)
                public interface Products {
                  String get(long id);
                }
                """)
            .with(BACKENDS)
            .on("cache = Backends.UrlCache.class")
            .says(
                "cache = UrlCache.class: com.acme.Backends.UrlCache has no public no-arg constructor",
                "because wrap(delegate) creates it with new UrlCache()",
                "Fix: give UrlCache a public no-arg constructor, or remove cache = UrlCache.class and"
                    + " pass an instance to the generated builder's cache(...), or use the built-in"
                    + " InMemoryCache"));
    cases.add(
        error(Message.CLASS_VALUE_INVALID, "cache is not public")
            .source(
                "Products",
                """
                @Cached(
                    expirationSeconds = 60,
                    cache = Backends.HiddenCache.class)
                public interface Products {
                  String get(long id);
                }
                """)
            .with(BACKENDS)
            .on("cache = Backends.HiddenCache.class")
            .says(
                "cache = HiddenCache.class: com.acme.Backends.HiddenCache is not public",
                "Fix: make HiddenCache public"));
    cases.add(
        error(Message.CLASS_VALUE_INVALID, "invalidation does not implement InvalidationStrategy")
            .source(
                "Products",
                """
                @Cached(
                    expirationSeconds = 60,
                    invalidation = Backends.NotAStrategy.class)
                public interface Products {
                  String get(long id);
                }
                """)
            .with(BACKENDS)
            .on("invalidation = Backends.NotAStrategy.class")
            .says(
                "invalidation = NotAStrategy.class: com.acme.Backends.NotAStrategy does not implement"
                    + " dev.lightcache.runtime.InvalidationStrategy",
                "Fix: make NotAStrategy implement dev.lightcache.runtime.InvalidationStrategy",
                "or use the built-in StandardInvalidation"));

    // ELEMENT_ONLY_ON_INTERFACE
    cases.add(
        error(Message.ELEMENT_ONLY_ON_INTERFACE, "namespace on a method")
            .source(
                "Products",
                """
                public interface Products {
                  @Cached(
                      expirationSeconds = 60,
                      namespace = "products")
                  String get(long id);
                }
                """)
            .on("namespace = \"products\"")
            .column("\"products\"")
            .says(
                "namespace is set on the method get(); it can only be set on the interface, because"
                    + " one proxy has one namespace",
                "move it to @Cached on the interface"));
    cases.add(
        error(Message.ELEMENT_ONLY_ON_INTERFACE, "methods on a method")
            .source(
                "Products",
                """
                public interface Products {
                  @Cached(
                      expirationSeconds = 60,
                      methods = {"GET"})
                  String get(long id);
                }
                """)
            .on("methods = {\"GET\"}")
            .says("methods is set on the method get()", "one list of cached verbs"));
    cases.add(
        error(Message.ELEMENT_ONLY_ON_INTERFACE, "cache on a method")
            .source(
                "Products",
                """
                public interface Products {
                  @Cached(
                      expirationSeconds = 60,
                      cache = dev.lightcache.runtime.InMemoryCache.class)
                  String get(long id);
                }
                """)
            .on("cache = dev.lightcache.runtime.InMemoryCache.class")
            .says("cache is set on the method get()", "because one proxy has one cache"));

    // EXPIRATION_NOT_POSITIVE: 0 and negative, on the interface and on a method.
    cases.add(
        error(Message.EXPIRATION_NOT_POSITIVE, "zero on the interface")
            .source(
                "Products",
                """
                @Cached(
                    namespace = "products",
                    expirationSeconds = 0)
                public interface Products {
                  String get(long id);
                }
                """)
            .on("expirationSeconds = 0")
            .column("0)")
            .says("expirationSeconds is 0; it must be greater than 0 (every entry expires)",
                "Fix: use a long expiration"));
    cases.add(
        error(Message.EXPIRATION_NOT_POSITIVE, "negative on the interface")
            .source(
                "Products",
                """
                @Cached(
                    namespace = "products",
                    expirationSeconds = -30)
                public interface Products {
                  String get(long id);
                }
                """)
            .on("expirationSeconds = -30")
            .says("expirationSeconds is -30; it must be greater than 0"));
    cases.add(
        error(Message.EXPIRATION_NOT_POSITIVE, "zero on a method")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  @Cached(
                      cacheNulls = true,
                      expirationSeconds = 0)
                  String get(long id);
                }
                """)
            .on("expirationSeconds = 0")
            .says("expirationSeconds is 0; it must be greater than 0"));
    cases.add(
        error(Message.EXPIRATION_NOT_POSITIVE, "negative on a method")
            .source(
                "Products",
                """
                public interface Products {
                  @Cached(
                      cacheNulls = true,
                      expirationSeconds = -1L)
                  String get(long id);
                }
                """)
            .on("expirationSeconds = -1L")
            .says("expirationSeconds is -1; it must be greater than 0"));

    // METHODS_EMPTY, METHODS_UNKNOWN_VERB
    cases.add(
        error(Message.METHODS_EMPTY, "methods = {}")
            .source(
                "Products",
                """
                @Cached(
                    expirationSeconds = 60,
                    methods = {})
                public interface Products {
                  String get(long id);
                }
                """)
            .on("methods = {}")
            .says(
                "methods is empty; it must name at least one HTTP verb whose calls are cached",
                "put @NotCached on the methods that must not be cached"));
    cases.add(
        error(Message.METHODS_UNKNOWN_VERB, "a method name instead of a verb")
            .source(
                "Products",
                """
                @Cached(
                    expirationSeconds = 60,
                    methods = {"GET", "FETCH"})
                public interface Products {
                  String get(long id);
                }
                """)
            .on("methods = {\"GET\", \"FETCH\"}")
            .column("\"FETCH\"")
            .says(
                "methods names \"FETCH\", which is not an HTTP verb; it must be one of GET, HEAD,"
                    + " POST, PUT, PATCH, DELETE, OPTIONS",
                "write the verb (e.g. \"GET\"), not a method name"));

    // CACHED_VOID
    cases.add(
        error(Message.CACHED_VOID, "void")
            .source(
                "Products",
                """
                public interface Products {
                  String get(long id);

                  @Cached
                  void refresh(long id);
                }
                """)
            .on("@Cached")
            .says(
                "@Cached is on Products.refresh(), which returns void; a cached method must return a"
                    + " value to cache",
                "or use @Invalidates if the method changes data"));
    cases.add(
        error(Message.CACHED_VOID, "CompletableFuture<Void>")
            .source(
                "Products",
                """
                public interface Products {
                  @Cached
                  CompletableFuture<Void> refresh(long id);
                }
                """)
            .on("@Cached")
            .says(
                "@Cached is on Products.refresh(), which returns"
                    + " java.util.concurrent.CompletableFuture<java.lang.Void>; a cached method must"
                    + " return a value"));

    // CACHED_HANDLE
    cases.add(
        error(Message.CACHED_HANDLE, "InputStream")
            .source(
                "Files",
                """
                public interface Files {
                  @Cached
                  InputStream open(long id);
                }
                """)
            .on("@Cached")
            .says(
                "@Cached is on Files.open(), which returns java.io.InputStream, a handle to a"
                    + " response or stream rather than data; such results cannot be cached",
                "return the data itself"));
    cases.add(
        error(Message.CACHED_HANDLE, "Stream<String>")
            .source(
                "Files",
                """
                public interface Files {
                  @Cached
                  Stream<String> lines(long id);
                }
                """)
            .on("@Cached")
            .says(
                "@Cached is on Files.lines(), which returns java.util.stream.Stream<java.lang.String>,"
                    + " a handle"));

    // HANDLE_NOT_CACHED: a warning; the proxy is still generated.
    cases.add(
        warning(Message.HANDLE_NOT_CACHED, "GET returning InputStream")
            .source(
                "Files",
                """
                @Cached
                public interface Files {
                  String getName(long id);

                  InputStream getContent(long id);
                }
                """)
            .on("InputStream getContent(long id);")
            .column("getContent")
            .generates("com.acme.CachedFiles")
            .says(
                "Files.getContent() is not cached although its verb GET is cached: it returns"
                    + " java.io.InputStream, a handle to a response or stream rather than data, so the"
                    + " proxy only delegates",
                "or add @NotCached to silence this warning"));

    // CACHED_UNREPLAYABLE: a publisher type Lightcache does not recognise.
    cases.add(
        error(Message.CACHED_UNREPLAYABLE, "Flow.Publisher")
            .source(
                "Feeds",
                """
                public interface Feeds {
                  @Cached
                  java.util.concurrent.Flow.Publisher<String> entries(long id);
                }
                """)
            .on("@Cached")
            .says(
                "@Cached is on Feeds.entries(), which returns"
                    + " java.util.concurrent.Flow.Publisher<java.lang.String>, a publisher or deferred"
                    + " result of a type Lightcache does not recognise",
                "return the value itself, a CompletableFuture, or one of Mono, Flux"));
    cases.add(
        error(Message.CACHED_UNREPLAYABLE, "Future")
            .source(
                "Feeds",
                """
                public interface Feeds {
                  @Cached
                  java.util.concurrent.Future<String> entries(long id);
                }
                """)
            .on("@Cached")
            .says("which returns java.util.concurrent.Future<java.lang.String>, a publisher or deferred"));

    // UNREPLAYABLE_NOT_CACHED: a warning; the proxy is still generated.
    cases.add(
        warning(Message.UNREPLAYABLE_NOT_CACHED, "GET returning Flow.Publisher")
            .source(
                "Feeds",
                """
                @Cached
                public interface Feeds {
                  String getTitle(long id);

                  java.util.concurrent.Flow.Publisher<String> getEntries(long id);
                }
                """)
            .on("java.util.concurrent.Flow.Publisher<String> getEntries(long id);")
            .column("getEntries")
            .generates("com.acme.CachedFeeds")
            .says(
                "Feeds.getEntries() is not cached although its verb GET is cached: it returns"
                    + " java.util.concurrent.Flow.Publisher<java.lang.String>, a publisher or deferred"
                    + " result of a type Lightcache does not recognise, so it cannot replay its values,"
                    + " so the proxy only delegates",
                "or add @NotCached to silence this warning"));

    // INVALIDATES_BEFORE_COMPLETION: a warning; the proxy is still generated.
    cases.add(
        warning(Message.INVALIDATES_BEFORE_COMPLETION, "Future")
            .source(
                "Jobs",
                """
                @Cached
                public interface Jobs {
                  String getStatus(long id);

                  java.util.concurrent.Future<Void> delete(long id);
                }
                """)
            .on("java.util.concurrent.Future<Void> delete(long id);")
            .column("delete")
            .generates("com.acme.CachedJobs")
            .says(
                "Jobs.delete() invalidates when the delegate returns, but it returns"
                    + " java.util.concurrent.Future<java.lang.Void>, whose completion the proxy cannot"
                    + " observe",
                "or add @NotCached if the method should not invalidate"));
    cases.add(
        warning(Message.INVALIDATES_BEFORE_COMPLETION, "retrofit2.Call")
            .source(
                "Jobs",
                """
                @Cached
                public interface Jobs {
                  String getStatus(long id);

                  retrofit2.Call<Void> deleteJob(long id);
                }
                """)
            .on("retrofit2.Call<Void> deleteJob(long id);")
            .column("deleteJob")
            .generates("com.acme.CachedJobs")
            .says("it returns retrofit2.Call<java.lang.Void>, whose completion the proxy cannot observe"));

    // KEY_TYPE_UNSTABLE: a class without toString(), Object, List of it, a record holding it.
    String filter =
        """

        class Filter {
          int page;
        }
        """;
    cases.add(
        error(Message.KEY_TYPE_UNSTABLE, "class without toString()")
            .source(
                "Search",
                """
                @Cached
                public interface Search {
                  String find(
                      int page,
                      Filter filter);
                }
                """
                    + filter)
            .on("Filter filter);")
            .column("filter);")
            .says(
                "parameter filter of Search.find() has type Filter, which has no stable text form for"
                    + " a cache key: Filter does not override toString()",
                "Fix: override toString() in Filter, mark the parameters that identify the call with"
                    + " @CacheKey, or mark the method @NotCached"));
    cases.add(
        error(Message.KEY_TYPE_UNSTABLE, "Object")
            .source(
                "Search",
                """
                @Cached
                public interface Search {
                  String find(
                      int page,
                      Object query);
                }
                """)
            .on("Object query);")
            .says(
                "parameter query of Search.find() has type Object, which has no stable text form",
                "Object may be any object",
                "Fix: declare a more specific type than Object, mark the parameters"));
    cases.add(
        error(Message.KEY_TYPE_UNSTABLE, "List of a class without toString()")
            .source(
                "Search",
                """
                @Cached
                public interface Search {
                  String find(
                      int page,
                      List<Filter> filters);
                }
                """
                    + filter)
            .on("List<Filter> filters);")
            .says(
                "parameter filters of Search.find() has type List<Filter>",
                "an element of List has no stable text form (Filter does not override toString()",
                "Fix: override toString() in Filter"));
    cases.add(
        error(Message.KEY_TYPE_UNSTABLE, "record with such a component")
            .source(
                "Search",
                """
                @Cached
                public interface Search {
                  String find(
                      int page,
                      Query query);
                }

                record Query(String text, Filter filter) {}
                """
                    + filter)
            .on("Query query);")
            .says(
                "parameter query of Search.find() has type Query",
                "its record component filter has no stable text form (Filter does not override"
                    + " toString()",
                "Fix: override toString() in Filter"));

    // CACHE_KEY_ON_UNCACHED
    cases.add(
        error(Message.CACHE_KEY_ON_UNCACHED, "on a @NotCached method")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  String get(long id);

                  @NotCached
                  String getRaw(
                      @CacheKey long id,
                      String format);
                }
                """)
            .on("@CacheKey long id")
            .says(
                "@CacheKey is on parameter id of Products.getRaw(), which is not cached (@NotCached);"
                    + " @CacheKey only picks the key parameters of a cached method",
                "Fix: remove @CacheKey, or cache the method with @Cached"));
    cases.add(
        error(Message.CACHE_KEY_ON_UNCACHED, "on an invalidating method")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  String get(long id);

                  void delete(
                      @CacheKey long id);
                }
                """)
            .on("@CacheKey long id")
            .says(
                "@CacheKey is on parameter id of Products.delete(), which is not cached (its verb"
                    + " DELETE writes)"));

    // INVALIDATES_UNKNOWN: an unknown name, and the name of a method that is not cached.
    cases.add(
        error(Message.INVALIDATES_UNKNOWN, "unknown name")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  String get(long id);

                  List<String> list(int page);

                  @Invalidates({"get", "gte"})
                  void update(long id, String name);
                }
                """)
            .on("@Invalidates")
            .says(
                "@Invalidates names \"gte\", which is not a cached method of Products; it must name"
                    + " cached methods (get, list)",
                "use @Invalidates with no names to invalidate every entry"));
    cases.add(
        error(Message.INVALIDATES_UNKNOWN, "name of a method that is not cached")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  String get(long id);

                  @NotCached
                  String getRaw(long id);

                  @Invalidates("getRaw")
                  void update(long id, String name);
                }
                """)
            .on("@Invalidates")
            .says(
                "@Invalidates names \"getRaw\", which is not a cached method of Products; it must"
                    + " name cached methods (get)"));

    // INVALIDATES_ON_CACHED
    cases.add(
        error(Message.INVALIDATES_ON_CACHED, "cached by its verb")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  @Invalidates
                  String get(long id);
                }
                """)
            .on("@Invalidates")
            .says(
                "@Invalidates is on Products.get(), which is cached (its verb GET is in"
                    + " @Cached(methods)); a method either reads through the cache or invalidates it,"
                    + " not both",
                "Fix: remove @Invalidates, or stop caching the method"));
    cases.add(
        error(Message.INVALIDATES_ON_CACHED, "cached by @Cached on the method")
            .source(
                "Products",
                """
                public interface Products {
                  @Cached
                  @Invalidates
                  String compute(long id);
                }
                """)
            .on("@Invalidates")
            .says("@Invalidates is on Products.compute(), which is cached (@Cached on the method)"));

    // CACHED_AND_NOT_CACHED, NOT_CACHED_AND_INVALIDATES
    cases.add(
        error(Message.CACHED_AND_NOT_CACHED, "both on a method")
            .source(
                "Products",
                """
                public interface Products {
                  @Cached
                  @NotCached
                  String get(long id);
                }
                """)
            .on("@NotCached")
            .says("Products.get() has both @Cached and @NotCached; a method is either cached or not",
                "Fix: remove one"));
    cases.add(
        error(Message.NOT_CACHED_AND_INVALIDATES, "both on a method")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  String get(long id);

                  @NotCached
                  @Invalidates
                  void update(long id, String name);
                }
                """)
            .on("@Invalidates")
            .says(
                "Products.update() has both @NotCached and @Invalidates; @NotCached means plain"
                    + " delegation, which never invalidates"));

    // ANNOTATION_WITHOUT_CACHED
    cases.add(
        error(Message.ANNOTATION_WITHOUT_CACHED, "@Invalidates in an interface without @Cached")
            .source(
                "Products",
                """
                public interface Products {
                  String get(long id);

                  @Invalidates({"get"})
                  void update(long id, String name);
                }
                """)
            .on("@Invalidates")
            .says(
                "@Invalidates is on Products.update(), but com.acme.Products has no @Cached",
                "Fix: put @Cached on the interface"));
    cases.add(
        error(Message.ANNOTATION_WITHOUT_CACHED, "@CacheKey on a parameter of a class")
            .source(
                "Products",
                """
                public class Products {
                  public String get(@CacheKey long id, String trace) {
                    return "";
                  }
                }
                """)
            .on("@CacheKey long id")
            .says("@CacheKey is on parameter id of Products.get(), but com.acme.Products has no @Cached"));

    // GENERIC_RETURN_TYPE
    cases.add(
        error(Message.GENERIC_RETURN_TYPE, "<T> T get(Class<T>)")
            .source(
                "Settings",
                """
                @Cached
                public interface Settings {
                  <T> T get(Class<T> type);
                }
                """)
            .on("<T> T get(Class<T> type);")
            .column("get(")
            .says(
                "Settings.get() returns T, which depends on its own type variable T; the proxy cannot"
                    + " know the type of the cached value at compile time",
                "or mark it @NotCached"));
    cases.add(
        error(Message.GENERIC_RETURN_TYPE, "<T> List<T> list(Class<T>)")
            .source(
                "Settings",
                """
                @Cached
                public interface Settings {
                  <T> List<T> list(Class<T> type);
                }
                """)
            .on("<T> List<T> list(Class<T> type);")
            .says("Settings.list() returns List<T>, which depends on its own type variable T"));

    // MEMBER_CLASH
    cases.add(
        error(Message.MEMBER_CLASH, "stats()")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  String get(long id);

                  String stats();
                }
                """)
            .on("String stats();")
            .says(
                "Products.stats() has the same signature as stats() of"
                    + " dev.lightcache.runtime.CachingProxy, which the generated class implements",
                "Fix: rename the method"));
    cases.add(
        error(Message.MEMBER_CLASH, "invalidateAll()")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  String get(long id);

                  void invalidateAll();
                }
                """)
            .on("void invalidateAll();")
            .says("Products.invalidateAll() has the same signature as invalidateAll() of"));

    // INCOMPLETE_TYPE: javac reports "cannot find symbol" as well; ours must be there too.
    cases.add(
        error(Message.INCOMPLETE_TYPE, "a type that is never generated")
            .source(
                "Products",
                """
                @Cached
                public interface Products {
                  Missing get(long id);
                }
                """)
            .on("Missing get(long id)")
            .alsoFromJavac("cannot find symbol")
            .says(
                "Products.get() refers to Missing, which could not be resolved; the proxy cannot"
                    + " be generated from an incomplete type",
                "make sure the type exists and is on the classpath"));

    return cases.stream().map(Builder::build);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheMessageOnTheElementAtFault(Case c) {
    try {
      check(c);
    } catch (AssertionError e) {
      // Surefire's report numbers parameterised cases; name the failing one.
      throw new AssertionError(c.name + ": " + e.getMessage(), e);
    }
  }

  private static void check(Case c) {
    Result result = compile(c.files);
    Compilation compilation = result.compilation();
    JavaFileObject file = c.files.get(0);
    String tag = c.message.tag();

    if (c.warning) {
      assertThat(compilation).succeeded();
      assertThat(compilation)
          .hadWarningContainingMatch(c.pattern())
          .inFile(file)
          .onLineContaining(c.line);
      if (c.column != null) {
        assertThat(compilation)
            .hadWarningContainingMatch(c.pattern())
            .inFile(file)
            .onLine(c.lineNumber())
            .atColumn(c.columnNumber());
      }
    } else {
      assertThat(compilation).failed();
      assertThat(compilation)
          .hadErrorContainingMatch(c.pattern())
          .inFile(file)
          .onLineContaining(c.line);
      if (c.column != null) {
        assertThat(compilation)
            .hadErrorContainingMatch(c.pattern())
            .inFile(file)
            .onLine(c.lineNumber())
            .atColumn(c.columnNumber());
      }
      if (c.javacError != null) {
        assertThat(compilation).hadErrorContaining(c.javacError);
      }
    }

    // Reported once, and nothing else from Lightcache cascades from the one fault.
    List<String> ours =
        compilation.diagnostics().stream()
            .map(d -> d.getMessage(Locale.ROOT))
            .filter(m -> m.startsWith("[LC_"))
            .toList();
    assertEquals(1, ours.size(), () -> "expected exactly one Lightcache diagnostic, got " + ours);
    assertTrue(ours.get(0).startsWith(tag), () -> "expected " + tag + ", got " + ours);

    // An interface with an error gets no proxy; one with only a warning gets its proxy.
    assertEquals(c.generated, result.generated());
    for (String generated : c.generated) {
      assertTrue(compilation.generatedSourceFile(generated).isPresent(), generated);
    }
  }

  // ------------------------------------------------------------------------------- the rest

  @Test
  void otherInterfacesAreStillGenerated() {
    JavaFileObject alpha =
        source("Alpha", "@Cached\npublic interface Alpha {\n  String get(long id);\n}\n");
    JavaFileObject broken =
        source(
            "Broken",
            """
            @Cached(
                expirationSeconds = 0)
            public interface Broken {
              String get(long id);
            }
            """);
    JavaFileObject good =
        source("Good", "@Cached\npublic interface Good {\n  String get(long id);\n}\n");
    JavaFileObject misplaced =
        source("Misplaced", "@Cached\npublic class Misplaced {}\n");

    Result result = compile(List.of(alpha, broken, good, misplaced));
    Compilation compilation = result.compilation();

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(Message.EXPIRATION_NOT_POSITIVE.tag())
        .inFile(broken)
        .onLineContaining("expirationSeconds = 0");
    assertThat(compilation)
        .hadErrorContaining(Message.CACHED_NOT_ON_INTERFACE.tag())
        .inFile(misplaced)
        .onLineContaining("@Cached");
    assertThat(compilation).hadErrorCount(2);
    assertEquals(List.of("com.acme.CachedAlpha", "com.acme.CachedGood"), result.generated());
  }

  @Test
  void anIncompleteInterfaceDoesNotStopTheOthers() {
    JavaFileObject incomplete =
        source("Incomplete", "@Cached\npublic interface Incomplete {\n  Missing get(long id);\n}\n");
    JavaFileObject good =
        source("Good", "@Cached\npublic interface Good {\n  String get(long id);\n}\n");

    Result result = compile(List.of(incomplete, good));
    Compilation compilation = result.compilation();

    assertThat(compilation)
        .hadErrorContaining(Message.INCOMPLETE_TYPE.tag() + " Incomplete.get() refers to Missing")
        .inFile(incomplete)
        .onLineContaining("Missing get(long id)");
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    assertEquals(List.of("com.acme.CachedGood"), result.generated());
  }

  @Test
  void everyErrorInOneInterfaceIsReported() {
    JavaFileObject file =
        source(
            "Products",
            """
            @Cached(
                expirationSeconds = 0)
            public interface Products {
              String get(long id);

              @Cached void refresh(long id);

              String find(
                  Object query);

              @Invalidates({"gte"})
              void update(long id, String name);

              String stats();
            }
            """);

    Result result = compile(List.of(file));
    Compilation compilation = result.compilation();

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(Message.EXPIRATION_NOT_POSITIVE.tag())
        .inFile(file)
        .onLineContaining("expirationSeconds = 0");
    assertThat(compilation)
        .hadErrorContaining(Message.CACHED_VOID.tag())
        .inFile(file)
        .onLineContaining("void refresh(long id);");
    assertThat(compilation)
        .hadErrorContaining(Message.KEY_TYPE_UNSTABLE.tag())
        .inFile(file)
        .onLineContaining("Object query);");
    assertThat(compilation)
        .hadErrorContaining(Message.INVALIDATES_UNKNOWN.tag())
        .inFile(file)
        .onLineContaining("@Invalidates({\"gte\"})");
    assertThat(compilation)
        .hadErrorContaining(Message.MEMBER_CLASH.tag())
        .inFile(file)
        .onLineContaining("String stats();");
    assertThat(compilation).hadErrorCount(5);
    assertEquals(List.of(), result.generated());
  }

  @Test
  void everyMessageHasATestCaseAndIsDocumentedInOrder() throws IOException {
    Set<Message> tested = EnumSet.noneOf(Message.class);
    cases().forEach(c -> tested.add(c.message));
    for (Message message : Message.values()) {
      if (message != Message.INTERNAL_ERROR) {
        assertTrue(tested.contains(message), () -> message + " has no test case");
      }
    }

    Path docs = Path.of(System.getProperty("user.dir")).resolve("../docs/diagnostics.md").normalize();
    String text = Files.readString(docs);
    Matcher headings = Pattern.compile("(?m)^##+ +`?(\\[LC_[A-Z_]+])`?\\s*$").matcher(text);
    List<String> documented = new ArrayList<>();
    while (headings.find()) {
      documented.add(headings.group(1));
    }
    assertEquals(
        Arrays.stream(Message.values()).map(Message::tag).toList(),
        documented,
        "docs/diagnostics.md must have one heading per message, by tag, in the order of Message");

    // Each section shows an example.
    String[] sections = text.split("(?m)^##+ +`?\\[LC_");
    for (int i = 1; i < sections.length; i++) {
      String section = sections[i];
      assertTrue(
          section.contains("```"),
          () -> "the section of [LC_" + section.lines().findFirst().orElse("") + " has no example");
    }
  }

  // ------------------------------------------------------------------------------- support

  /** The result of compiling with the processor, and the sources it created (also on failure). */
  private record Result(Compilation compilation, List<String> generated) {}

  private static Result compile(List<JavaFileObject> files) {
    Recording recording = new Recording();
    Compilation compilation = Compiler.javac().withProcessors(recording).compile(files);
    return new Result(compilation, List.copyOf(recording.created));
  }

  /**
   * Runs {@link CachedProcessor} and records the names of the source files it creates:
   * compile-testing hides generated files of a failed compilation, and these tests need to see that
   * an interface with an error gets no proxy while the others still get theirs.
   */
  private static final class Recording extends AbstractProcessor {
    private final CachedProcessor delegate = new CachedProcessor();
    final List<String> created = new ArrayList<>();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Filer filer =
          forward(
              Filer.class,
              env.getFiler(),
              (method, args) -> {
                if (method.getName().equals("createSourceFile")) {
                  created.add(args[0].toString());
                }
                return null;
              });
      delegate.init(
          forward(
              ProcessingEnvironment.class,
              env,
              (method, args) -> method.getName().equals("getFiler") ? filer : null));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }
  }

  /** A proxy of {@code target} that answers with {@code override} where it is non-null. */
  private static <T> T forward(Class<T> type, T target, BiFunction<Method, Object[], Object> override) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object replaced = override.apply(method, args);
          if (replaced != null) {
            return replaced;
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static JavaFileObject source(String simpleName, String body) {
    return JavaFileObjects.forSourceString("com.acme." + simpleName, HEADER + body);
  }

  private static Builder error(Message message, String variant) {
    return new Builder(message, variant, false);
  }

  private static Builder warning(Message message, String variant) {
    return new Builder(message, variant, true);
  }

  /** One source with one fault (plus helper sources), and what must be reported for it. */
  static final class Case {
    final String name;
    final Message message;
    final boolean warning;
    final List<JavaFileObject> files;
    final String sourceText;
    final String line;
    final String column;
    final List<String> words;
    final List<String> generated;
    final String javacError;

    Case(Builder b) {
      this.name = b.message.name() + ": " + b.variant;
      this.message = b.message;
      this.warning = b.warning;
      this.files = List.copyOf(b.files);
      this.sourceText = b.sourceText;
      this.line = b.line;
      this.column = b.column;
      this.words = List.copyOf(b.words);
      this.generated = b.generated == null ? List.of() : List.of(b.generated);
      this.javacError = b.javacError;
    }

    /** The tag, then each key phrase in order; the message has a fix. */
    Pattern pattern() {
      return Pattern.compile(
          Pattern.quote(message.tag())
              + "(?=.*Fix: )"
              + words.stream().map(w -> ".*" + Pattern.quote(w)).collect(Collectors.joining()),
          Pattern.DOTALL);
    }

    long lineNumber() {
      List<String> lines = sourceText.lines().toList();
      List<Integer> matches = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(line)) {
          matches.add(i + 1);
        }
      }
      assertEquals(1, matches.size(), () -> "\"" + line + "\" must be on exactly one line");
      return matches.get(0);
    }

    long columnNumber() {
      String text = sourceText.lines().toList().get((int) lineNumber() - 1);
      int index = text.indexOf(column);
      assertTrue(index >= 0, () -> "\"" + column + "\" is not on the line \"" + text + "\"");
      return index + 1;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final class Builder {
    final Message message;
    final String variant;
    final boolean warning;
    final List<JavaFileObject> files = new ArrayList<>();
    String sourceText;
    String line;
    String column;
    final List<String> words = new ArrayList<>();
    String generated;
    String javacError;

    Builder(Message message, String variant, boolean warning) {
      this.message = message;
      this.variant = variant;
      this.warning = warning;
    }

    Builder source(String simpleName, String body) {
      sourceText = HEADER + body;
      files.add(0, JavaFileObjects.forSourceString("com.acme." + simpleName, sourceText));
      return this;
    }

    Builder with(JavaFileObject helper) {
      files.add(helper);
      return this;
    }

    Builder on(String lineContaining) {
      line = lineContaining;
      return this;
    }

    /**
     * The diagnostic's column (javac's position of the element or annotation value at fault, which the
     * IDE underlines) is where this text starts on its line.
     */
    Builder column(String startsAt) {
      column = startsAt;
      return this;
    }

    Builder says(String... phrases) {
      words.addAll(List.of(phrases));
      return this;
    }

    Builder generates(String qualifiedName) {
      generated = qualifiedName;
      return this;
    }

    Builder alsoFromJavac(String text) {
      javacError = text;
      return this;
    }

    Case build() {
      return new Case(this);
    }
  }
}
