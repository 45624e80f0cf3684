package dev.lightcache.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lightcache.annotations.Cached;
import dev.lightcache.runtime.Cache;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An endpoint in a named module, compiled on the module path against the runtime's module: the proxy
 * carries {@code @javax.annotation.processing.Generated} only if the module reads {@code java.compiler}
 * (directly, or implied by {@code java.se}), and compiles either way, without a warning.
 */
class ModuleGeneratedAnnotationTest {

  @ParameterizedTest(name = "[{index}] {0} -> @Generated: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | false",
        "requires java.compiler; | true",
        "requires static java.compiler; | true",
        "requires java.se; | true",
        "requires java.sql; | false",
        // jdk.jdeps requires java.compiler without passing it on: it is in the module graph, and
        // javac finds the annotation, but this module cannot see it.
        "requires jdk.jdeps; | false",
      })
  void theProxyIsMarkedGeneratedOnlyWhereTheModuleCanSeeTheAnnotation(
      String requires, boolean marked, @TempDir Path dir) throws IOException {
    // javac on real files: compile-testing's in-memory file manager cannot compile a module-info.
    Path sources = Files.createDirectories(dir.resolve("src/com/acme/shop"));
    Files.writeString(
        dir.resolve("src/module-info.java"),
        "module com.acme.shop {\n"
            + "  requires static dev.lightcache.annotations;\n"
            + "  requires dev.lightcache.runtime;\n"
            + "  " + requires + "\n"
            + "}\n");
    Files.writeString(
        sources.resolve("Prices.java"),
        "package com.acme.shop;\n"
            + "import dev.lightcache.annotations.Cached;\n"
            + "@Cached public interface Prices {\n"
            + "  String get(long id);\n"
            + "}\n");

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, UTF_8)) {
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              files,
              diagnostics,
              List.of(
                  "--module-path", modulePath(),
                  "-d", Files.createDirectories(dir.resolve("classes")).toString(),
                  "-s", Files.createDirectories(dir.resolve("generated")).toString()),
              null,
              files.getJavaFileObjects(dir.resolve("src/module-info.java"), sources.resolve("Prices.java")));
      task.setProcessors(List.of(new CachedProcessor()));
      boolean compiled = task.call();
      assertTrue(compiled && diagnostics.getDiagnostics().isEmpty(), () -> diagnostics.getDiagnostics().toString());
    }

    String proxy = Files.readString(dir.resolve("generated/com/acme/shop/CachedPrices.java"));
    assertEquals(marked, proxy.contains("@Generated("), proxy);
    assertTrue(proxy.contains("@LightcacheGenerated(\"com.acme.shop.Prices\")"), proxy);
    assertTrue(Files.exists(dir.resolve("classes/com/acme/shop/CachedPrices.class")), "the proxy compiled");
  }

  /** The annotations', the runtime's and its required modules' locations, as a build passes them. */
  private static String modulePath() {
    return Stream.of(Cached.class, Cache.class, Caffeine.class, Nullable.class)
        .map(ModuleGeneratedAnnotationTest::location)
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
