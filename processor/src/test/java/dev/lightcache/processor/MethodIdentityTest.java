package dev.lightcache.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A method's identity is its name and the erasures of its parameter types: a redeclaration that adds
 * type-use annotations (on parameters, type arguments, arrays, varargs, returns) is the method it
 * overrides, whether that comes from a class file or a source, and keys and descriptors never carry
 * annotation text.
 */
class MethodIdentityTest extends LibraryTestSupport {

  /** A library method, its redeclaration with type-use annotations, and the identity both share. */
  static Stream<Arguments> redeclarations() {
    return Stream.of(
        Arguments.of("String get(String a);", "String get(@Nullable String a);", "get", "get(String)"),
        Arguments.of(
            "String find(List<String> names);",
            "String find(List<@Nullable String> names);",
            "find",
            "find(List)"),
        Arguments.of(
            "String byTags(String[] tags);", "String byTags(String @Nullable [] tags);", "byTags", "byTags(String[])"),
        Arguments.of(
            "String matrix(long[][] cells);",
            "String matrix(long @Nullable [] @Nullable [] cells);",
            "matrix",
            "matrix(long[][])"),
        Arguments.of(
            "String any(String... names);", "String any(@Nullable String @Nullable ... names);", "any", "any(String[])"),
        Arguments.of("String get(String a);", "@Nullable String get(String a);", "get", "get(String)"),
        Arguments.of(
            "List<String> list(Map<String, List<String>> query);",
            "List<@Nullable String> list(Map<@Nullable String, @Nullable List<@Nullable String>> query);",
            "list",
            "list(Map)"),
        Arguments.of(
            "String nested(java.util.AbstractMap.SimpleEntry<String, String> entry);",
            "String nested(java.util.AbstractMap.@Nullable SimpleEntry<String, @Nullable String> entry);",
            "nested",
            "nested(AbstractMap.SimpleEntry)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("redeclarations")
  void aRedeclarationWithTypeUseAnnotationsOverridesTheCompiledMethod(
      String inherited, String redeclared, String name, String identity) {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.A",
            "package com.vendor;\n\nimport java.util.List;\nimport java.util.Map;\n\n"
                + "public interface A {\n  " + inherited + "\n}\n"));
    JavaFileObject b =
        user("B", "@Cached\npublic interface B extends com.vendor.A {\n  @Override\n  @NotCached\n  " + redeclared + "\n}\n");

    Compilation compilation = compileWithLibrary(b);

    assertThat(compilation).succeeded();
    String proxy = generated(compilation, "com.acme.CachedB");
    assertEquals(1, declarations(proxy, name), () -> "one " + name + " method expected in\n" + proxy);
    // @NotCached came from the redeclaration: the most specific declaration wins.
    assertTrue(proxy.contains("{@code " + identity + "}:\n *       delegated; because {@literal @}NotCached"), proxy);
    assertNoAnnotationTextInSignatures(proxy);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("redeclarations")
  void aCachedRedeclarationKeysOnTheErasedSignature(
      String inherited, String redeclared, String name, String identity) {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.A",
            "package com.vendor;\n\nimport java.util.List;\nimport java.util.Map;\n\n"
                + "public interface A {\n  " + inherited + "\n}\n"));
    JavaFileObject b =
        user("B", "@Cached\npublic interface B extends com.vendor.A {\n  @Override\n  @Cached\n  " + redeclared + "\n}\n");

    Compilation compilation = compileWithLibrary(b);

    assertThat(compilation).succeeded();
    String proxy = generated(compilation, "com.acme.CachedB");
    assertEquals(1, declarations(proxy, name), () -> "one " + name + " method expected in\n" + proxy);
    assertTrue(proxy.contains("ENDPOINT.cached(\"" + identity + "\")"), proxy);
    assertTrue(proxy.contains("because {@literal @}Cached on the method"), proxy);
    assertNoAnnotationTextInSignatures(proxy);
  }

  @Test
  void aSourceSupertypeRedeclaredWithTypeUseAnnotationsIsOneMethod() {
    JavaFileObject base =
        user(
            "Base",
            """
            public interface Base {
              String get(String id);

              List<String> list(int page, String[] tags);
            }
            """);
    JavaFileObject products =
        user(
            "Products",
            """
            @Cached
            public interface Products extends Base {
              @Override
              @Nullable String get(@Nullable String id);

              @Override
              @NotCached
              List<@Nullable String> list(int page, String @Nullable [] tags);
            }
            """);

    Compilation compilation =
        Compiler.javac().withProcessors(new CachedProcessor()).compile(base, products);

    assertThat(compilation).succeeded();
    String proxy = generated(compilation, "com.acme.CachedProducts");
    assertEquals(1, declarations(proxy, "get"), proxy);
    assertEquals(1, declarations(proxy, "list"), proxy);
    assertTrue(proxy.contains("ENDPOINT.cached(\"get(String)\")"), proxy);
    assertTrue(proxy.contains("{@code list(int,String[])}:\n *       delegated; because {@literal @}NotCached"), proxy);
    assertFalse(proxy.contains("ENDPOINT.cached(\"list"), proxy);
    assertNoAnnotationTextInSignatures(proxy);
  }

  @Test
  void overloadsStayDistinctMethodsWithDistinctKeys() {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.Lookup",
            """
            package com.vendor;

            public interface Lookup {
              String get(String name);

              String get(long id);

              String get(String name, int version);

              String get(String[] names);
            }
            """));
    JavaFileObject users =
        user(
            "Users",
            """
            @Cached
            public interface Users extends com.vendor.Lookup {
              @Override
              String get(@Nullable String name);

              @Override
              String get(String @Nullable [] names);
            }
            """);

    Compilation compilation = compileWithLibrary(users);

    assertThat(compilation).succeeded();
    String proxy = generated(compilation, "com.acme.CachedUsers");
    assertEquals(4, declarations(proxy, "get"), proxy);
    for (String identity : List.of("get(String)", "get(long)", "get(String,int)", "get(String[])")) {
      assertEquals(1, count(proxy, "ENDPOINT.cached(\"" + identity + "\")"), identity + " in\n" + proxy);
    }
    assertNoAnnotationTextInSignatures(proxy);
  }

  @Test
  void aMethodInheritedTwiceIsImplementedOnce() {
    compileLibrary(
        JavaFileObjects.forSourceString(
            "com.vendor.Reads",
            "package com.vendor;\n\npublic interface Reads {\n  String get(String name);\n}\n"),
        JavaFileObjects.forSourceString(
            "com.vendor.Searches",
            "package com.vendor;\n\npublic interface Searches {\n  String get(String name);\n}\n"),
        JavaFileObjects.forSourceString(
            "com.vendor.Narrow",
            """
            package com.vendor;

            public interface Narrow extends Reads {
              @Override
              String get(String name);
            }
            """));
    JavaFileObject users =
        user("Users", "@Cached\npublic interface Users extends com.vendor.Reads, com.vendor.Narrow, com.vendor.Searches {}\n");

    Compilation compilation = compileWithLibrary(users);

    assertThat(compilation).succeeded();
    String proxy = generated(compilation, "com.acme.CachedUsers");
    assertEquals(1, declarations(proxy, "get"), proxy);
    assertEquals(1, count(proxy, "ENDPOINT.cached(\"get(String)\")"), proxy);
  }

  @Test
  void anInvalidationTargetMatchesParametersWhateverTheirTypeUseAnnotations() {
    JavaFileObject users =
        user(
            "Users",
            """
            @Cached
            public interface Users {
              String get(String id, long @Nullable [] fields);

              @Invalidates({"get"})
              void rename(@Nullable String id, String name, long[] fields);
            }
            """);

    Compilation compilation = Compiler.javac().withProcessors(new CachedProcessor()).compile(users);

    assertThat(compilation).succeeded();
    String proxy = generated(compilation, "com.acme.CachedUsers");
    assertTrue(proxy.contains("ENDPOINT.cached(\"get(String,long[])\")"), proxy);
    assertTrue(proxy.contains(".invalidatesKey(GET, 0, 2)"), proxy);
    assertNoAnnotationTextInSignatures(proxy);
  }
}
