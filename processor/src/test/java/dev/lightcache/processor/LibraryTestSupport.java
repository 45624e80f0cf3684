package dev.lightcache.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;

/**
 * Support for tests of interfaces that extend a library: compiles the library without any processor
 * into a class directory (as a vendor's jar), then the user's sources with the processor against it.
 */
abstract class LibraryTestSupport {

  static final String IMPORTS =
      """
      import dev.lightcache.annotations.CacheKey;
      import dev.lightcache.annotations.Cached;
      import dev.lightcache.annotations.Invalidates;
      import dev.lightcache.annotations.NotCached;
      import java.util.List;
      import java.util.Map;
      import org.jspecify.annotations.Nullable;

      """;

  @TempDir Path libraryClasses;

  static JavaFileObject user(String simpleName, String body) {
    return JavaFileObjects.forSourceString("com.acme." + simpleName, "package com.acme;\n\n" + IMPORTS + body);
  }

  /** Compiles {@code sources} without any annotation processor into {@link #libraryClasses}. */
  void compileLibrary(JavaFileObject... sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    boolean ok =
        javac
            .getTask(
                out,
                null,
                null,
                List.of("-proc:none", "-d", libraryClasses.toString(), "-classpath", System.getProperty("java.class.path")),
                null,
                List.of(sources))
            .call();
    assertTrue(ok, () -> "the library did not compile: " + out);
    assertFalse(Files.notExists(libraryClasses.resolve("com/vendor")), "no classes in " + libraryClasses);
  }

  Compilation compileWithLibrary(JavaFileObject... sources) {
    List<File> classpath = new ArrayList<>();
    classpath.add(libraryClasses.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    return Compiler.javac().withProcessors(new CachedProcessor()).withClasspath(classpath).compile(sources);
  }

  static String generated(Compilation compilation, String name) {
    try {
      return compilation
          .generatedSourceFile(name)
          .orElseThrow(() -> new AssertionError("no " + name))
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many methods named {@code name} the generated class declares. */
  static int declarations(String source, String name) {
    return count(Pattern.compile("(?m)^    public [^=\\n]*\\b" + name + "\\("), source);
  }

  static int count(String source, String text) {
    return count(Pattern.compile(Pattern.quote(text)), source);
  }

  static int count(Pattern pattern, String source) {
    Matcher matcher = pattern.matcher(source);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  /** Signature strings (in descriptors and keys) and the javadoc's method list carry no annotation. */
  static void assertNoAnnotationTextInSignatures(String proxy) {
    Matcher literals = Pattern.compile("\"[^\"\\n]*\"").matcher(proxy);
    while (literals.find()) {
      assertFalse(literals.group().contains("@") || literals.group().contains("Nullable"), literals.group());
    }
    Matcher listed = Pattern.compile("\\{@code ([^}]*)}").matcher(proxy);
    while (listed.find()) {
      assertFalse(listed.group(1).contains("@") || listed.group(1).contains("Nullable"), listed.group());
    }
  }

  static List<String> lightcacheDiagnostics(Compilation compilation) {
    return compilation.diagnostics().stream()
        .map(d -> d.getMessage(Locale.ROOT))
        .filter(m -> m.startsWith("[LC_"))
        .toList();
  }
}
