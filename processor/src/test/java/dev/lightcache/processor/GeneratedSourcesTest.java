package dev.lightcache.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Golden files: the generated sources of representative interfaces (one per reactive style and one of
 * responses among them), compared as text with
 * src/test/resources/expected. After an intended change of the generated code, rewrite them with
 * {@code mvn -pl processor test -Dtest=GeneratedSourcesTest -Dlightcache.updateGolden=true} and review
 * the diff.
 */
class GeneratedSourcesTest {

  private static final List<String> SOURCES =
      List.of(
          "com/acme/Product.java",
          "com/acme/ProductEndpoint.java",
          "com/acme/OrderResource.java",
          "com/acme/Repository.java",
          "com/acme/ProductRepository.java",
          "com/acme/AsyncPrices.java",
          "com/acme/ReactorProducts.java",
          "com/acme/MutinyProducts.java",
          "com/acme/RxProducts.java",
          "com/acme/MicronautProducts.java",
          "com/acme/ProductResponses.java",
          "jakarta/ws/rs/GET.java",
          "jakarta/ws/rs/POST.java",
          "jakarta/ws/rs/PUT.java",
          "jakarta/ws/rs/DELETE.java",
          "jakarta/ws/rs/Path.java",
          "jakarta/ws/rs/PathParam.java",
          "jakarta/ws/rs/core/Response.java");

  private static final Pattern REFLECTION =
      Pattern.compile("java\\.lang\\.reflect|Class\\.forName|MethodHandle|java\\.lang\\.invoke|newProxyInstance|getDeclaredMethod|getMethod\\(");

  private static Compilation compilation;

  static Compilation compileGoldenSources() {
    List<JavaFileObject> files = new ArrayList<>();
    for (String source : SOURCES) {
      files.add(JavaFileObjects.forResource("golden/" + source));
    }
    return Compiler.javac().withProcessors(new CachedProcessor()).compile(files);
  }

  @BeforeAll
  static void compile() {
    compilation = compileGoldenSources();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CachedProductEndpoint",
        "CachedOrderResource",
        "CachedProductRepository",
        "CachedAsyncPrices",
        "CachedReactorProducts",
        "CachedMutinyProducts",
        "CachedRxProducts",
        "CachedMicronautProducts",
        "CachedProductResponses"
      })
  void generatedSourceMatchesTheGoldenFile(String proxy) throws IOException {
    assertThat(compilation).succeeded();
    String actual = generated(compilation, "com.acme." + proxy);
    Path golden = goldenRoot().resolve("com/acme/" + proxy + ".java");
    if (Boolean.getBoolean("lightcache.updateGolden")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden file " + golden + "; run with -Dlightcache.updateGolden=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, proxy + " differs from " + golden);
  }

  @Test
  void onlyTheHandleMethodWarns() {
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(Message.HANDLE_NOT_CACHED.tag())
        .inFile(JavaFileObjects.forResource("golden/com/acme/OrderResource.java"))
        .onLineContaining("Response export()");
  }

  @Test
  void outputIsByteIdenticalAcrossBuilds() {
    Compilation again = compileGoldenSources();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      Optional<JavaFileObject> twin =
          again.generatedSourceFiles().stream().filter(f -> f.getName().equals(file.getName())).findFirst();
      assertTrue(twin.isPresent(), file.getName());
      assertEquals(contents(file), contents(twin.get()), file.getName());
    }
    assertEquals(9, compilation.generatedSourceFiles().size());
  }

  @Test
  void generatedSourcesUseNoReflection() throws IOException {
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      assertFalse(REFLECTION.matcher(contents(file)).find(), file.getName() + " uses reflection");
    }
    // The proxies the build itself generated for the functional tests, too.
    Path generated = Path.of("target/generated-test-sources/test-annotations");
    try (Stream<Path> files = Files.walk(generated)) {
      List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
      assertFalse(sources.isEmpty(), "no generated sources under " + generated.toAbsolutePath());
      for (Path source : sources) {
        assertFalse(REFLECTION.matcher(Files.readString(source)).find(), source + " uses reflection");
      }
    }
  }

  private static String generated(Compilation compilation, String name) {
    return contents(compilation.generatedSourceFile(name).orElseThrow(() -> new AssertionError("no " + name)));
  }

  private static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path goldenRoot() {
    return Path.of(System.getProperty("lightcache.goldenRoot", "src/test/resources/expected"));
  }
}
