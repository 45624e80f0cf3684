package dev.lightcache.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Messages about methods inherited from compiled classes, which have no source position and cannot be
 * edited, land on the user's interface, name the inherited method, and say how to fix it there; the
 * fix they give works.
 */
class InheritedMethodDiagnosticsTest extends LibraryTestSupport {

  private void compileVendorApi() {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.UsersApi",
            """
            package com.vendor;

            import java.util.List;
            import java.util.Map;

            public interface UsersApi {
              List<String> search(Map<String, Object> query);

              String get(long id);
            }
            """));
  }

  @Test
  void anUnstableKeyOfACompiledMethodIsReportedOnTheInterfaceWithTheRedeclareFix() {
    compileVendorApi();
    JavaFileObject users = user("Users", "@Cached\npublic interface Users extends com.vendor.UsersApi {}\n");

    Compilation compilation = compileWithLibrary(users);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            Message.KEY_TYPE_UNSTABLE.tag()
                + " Users inherits com.vendor.UsersApi.search(java.util.Map<java.lang.String,java.lang.Object>)")
        .inFile(users)
        .onLineContaining("public interface Users");
    assertThat(compilation)
        .hadErrorContainingMatch(
            "(?s)has type Map<String,Object>, which has no stable text form.*Fix: redeclare it in Users with"
                + " @NotCached.*or with @CacheKey on the parameters that form the key.*"
                + Pattern.quote("@Override List<String> search(Map<String,Object> arg0);"));
    assertEquals(1, lightcacheDiagnostics(compilation).size(), () -> lightcacheDiagnostics(compilation).toString());
    assertEquals(1, compilation.errors().size(), () -> compilation.errors().toString());
  }

  @Test
  void redeclaringTheCompiledMethodWithNotCachedFixesIt() {
    compileVendorApi();
    JavaFileObject users =
        user(
            "Users",
            """
            @Cached
            public interface Users extends com.vendor.UsersApi {
              @Override
              @NotCached
              List<String> search(Map<String, Object> query);
            }
            """);

    Compilation compilation = compileWithLibrary(users);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(0);
    String proxy = generated(compilation, "com.acme.CachedUsers");
    assertEquals(1, declarations(proxy, "search"), proxy);
    assertTrue(proxy.contains("{@code search(Map)}:\n *       delegated; because {@literal @}NotCached"), proxy);
    assertTrue(proxy.contains("ENDPOINT.cached(\"get(long)\")"), proxy);
  }

  @Test
  void redeclaringTheCompiledMethodWithCacheKeyFixesItAndKeepsItsHttpVerb() {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "retrofit2.http.GET",
            """
            package retrofit2.http;

            import java.lang.annotation.Retention;
            import java.lang.annotation.RetentionPolicy;

            @Retention(RetentionPolicy.RUNTIME)
            public @interface GET {
              String value() default "";
            }
            """),
        JavaFileObjects.forSourceString(
            "com.vendor.UsersApi",
            """
            package com.vendor;

            import java.util.List;
            import java.util.Map;
            import retrofit2.http.GET;

            public interface UsersApi {
              @GET("users")
              List<String> users(String tenant, Map<String, Object> filter);
            }
            """));
    JavaFileObject broken = user("Users", "@Cached\npublic interface Users extends com.vendor.UsersApi {}\n");
    Compilation before = compileWithLibrary(broken);
    assertThat(before)
        .hadErrorContaining(
            Message.KEY_TYPE_UNSTABLE.tag()
                + " Users inherits com.vendor.UsersApi.users(java.lang.String,java.util.Map<java.lang.String,java.lang.Object>)")
        .inFile(broken)
        .onLineContaining("public interface Users");

    JavaFileObject fixed =
        user(
            "Users",
            """
            @Cached
            public interface Users extends com.vendor.UsersApi {
              @Override
              List<String> users(@CacheKey String tenant, Map<String, Object> filter);
            }
            """);
    Compilation after = compileWithLibrary(fixed);

    assertThat(after).succeeded();
    String proxy = generated(after, "com.acme.CachedUsers");
    assertEquals(1, declarations(proxy, "users"), proxy);
    assertTrue(proxy.contains("ENDPOINT.cached(\"users(String,Map)\")\n            .verb(\"GET\")"), proxy);
    assertTrue(proxy.contains(".keyParameters(1)"), proxy);
    assertTrue(proxy.contains("USERS.key(tenant)"), proxy);
    assertTrue(proxy.contains("key tenant; because its verb GET is in {@literal @}Cached(methods) (verb GET from {@literal @}retrofit2.http.GET on UsersApi.users())"), proxy);
  }

  @Test
  void aCompiledMethodReturningAHandleWarnsOnTheInterface() {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.Files",
            """
            package com.vendor;

            public interface Files {
              java.io.InputStream getContent(String path);
            }
            """));
    JavaFileObject docs = user("Docs", "@Cached\npublic interface Docs extends com.vendor.Files {}\n");

    Compilation compilation = compileWithLibrary(docs);

    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(
            "(?s)" + Pattern.quote(Message.HANDLE_NOT_CACHED.tag() + " Docs inherits com.vendor.Files.getContent(java.lang.String)")
                + ".*Fix: redeclare it in Docs with @NotCached")
        .inFile(docs)
        .onLineContaining("public interface Docs");
  }

  @Test
  void aCompiledGenericMethodIsReportedOnTheInterface() {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.Registry",
            """
            package com.vendor;

            public interface Registry {
              <T> T get(Class<T> type, String name);
            }
            """));
    JavaFileObject beans = user("Beans", "@Cached\npublic interface Beans extends com.vendor.Registry {}\n");

    Compilation compilation = compileWithLibrary(beans);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContainingMatch(
            "(?s)" + Pattern.quote(Message.GENERIC_RETURN_TYPE.tag() + " Beans inherits com.vendor.Registry.get(java.lang.Class<T>,java.lang.String)")
                + ".*Fix: redeclare it in Beans with @NotCached.*"
                + Pattern.quote("@Override <T> T get(Class<T> arg0, String arg1);"))
        .inFile(beans)
        .onLineContaining("public interface Beans");
    assertEquals(1, lightcacheDiagnostics(compilation).size(), () -> lightcacheDiagnostics(compilation).toString());
  }

  @Test
  void aCompiledMethodClashingWithTheProxyIsReportedOnTheInterface() {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.Metrics",
            """
            package com.vendor;

            public interface Metrics {
              String stats();
            }
            """));
    JavaFileObject monitored = user("Monitored", "@Cached\npublic interface Monitored extends com.vendor.Metrics {}\n");

    Compilation compilation = compileWithLibrary(monitored);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContainingMatch(
            "(?s)" + Pattern.quote(Message.MEMBER_CLASH.tag() + " Monitored inherits com.vendor.Metrics.stats()")
                + ".*Fix: .*does not extend com.vendor.Metrics")
        .inFile(monitored)
        .onLineContaining("public interface Monitored");
  }

  @Test
  void lightcacheAnnotationsOfACompiledMethodAreReplacedByARedeclaration() {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.Jobs",
            """
            package com.vendor;

            import dev.lightcache.annotations.Cached;

            public interface Jobs {
              String get(long id);

              @Cached
              void refresh(long id);
            }
            """));
    JavaFileObject broken = user("Tasks", "@Cached\npublic interface Tasks extends com.vendor.Jobs {}\n");

    Compilation before = compileWithLibrary(broken);

    assertThat(before).failed();
    assertThat(before)
        .hadErrorContainingMatch(
            "(?s)" + Pattern.quote(Message.CACHED_VOID.tag() + " Tasks inherits com.vendor.Jobs.refresh(long)")
                + ".*which returns void; a cached method must return a value to cache"
                + ".*Fix: redeclare it in Tasks with the annotations it needs there, for example with @NotCached.*"
                + Pattern.quote("@Override void refresh(long arg0);"))
        .inFile(broken)
        .onLineContaining("public interface Tasks");
    assertEquals(1, lightcacheDiagnostics(before).size(), () -> lightcacheDiagnostics(before).toString());

    JavaFileObject fixed =
        user(
            "Tasks",
            """
            @Cached
            public interface Tasks extends com.vendor.Jobs {
              @Override
              @Invalidates({"get"})
              void refresh(long id);
            }
            """);
    Compilation after = compileWithLibrary(fixed);

    assertThat(after).succeeded();
    String proxy = generated(after, "com.acme.CachedTasks");
    assertEquals(1, declarations(proxy, "refresh"), proxy);
    assertTrue(proxy.contains("ENDPOINT.invalidating(\"refresh(long)\")"), proxy);
    // get comes from the class file, where its parameter is arg0: refresh cannot match it by name.
    assertTrue(proxy.contains(".invalidatesMethod(GET)"), proxy);
  }

  @Test
  void aSourceSupertypeKeepsPointingAtItsOwnMethod() {
    JavaFileObject base =
        user(
            "UsersBase",
            """
            public interface UsersBase {
              List<String> search(
                  Map<String, Object> query);
            }
            """);
    JavaFileObject users = user("Users", "@Cached\npublic interface Users extends UsersBase {}\n");

    Compilation compilation = Compiler.javac().withProcessors(new CachedProcessor()).compile(users, base);

    assertThat(compilation)
        .hadErrorContaining(Message.KEY_TYPE_UNSTABLE.tag() + " parameter query of Users.search() has type Map<String,Object>")
        .inFile(base)
        .onLineContaining("Map<String, Object> query);");
  }
}
