package dev.lightcache.processor.functional.reactive;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.lightcache.processor.CachedProcessor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code Publisher} returns where Reactor is not on the user's compile classpath: a read cannot be
 * collected and replayed, so it is delegated with a warning; a write still invalidates when it
 * completes, through {@code ReactiveStreamsCalls}, which needs no Reactor. The generated proxy is
 * compiled against the test classpath without Reactor, then run in a class loader that cannot see
 * Reactor either.
 */
class PublisherWithoutReactorTest {

  private static final String BOOKS =
      """
      package com.acme;

      import dev.lightcache.annotations.Cached;

      @Cached
      public interface Books {
        org.reactivestreams.Publisher<String> getTitles(long id);

        org.reactivestreams.Publisher<Void> delete(long id);
      }
      """;

  /** A client with a cached read to see the invalidation by, and a scenario that drives it. */
  private static final String SHELF =
      """
      package com.acme;

      import dev.lightcache.annotations.Cached;
      import org.reactivestreams.Publisher;

      @Cached(expirationSeconds = 60)
      public interface Shelf {
        Publisher<String> getTitles(long id);

        String getOwner(long id);

        Publisher<Void> delete(long id);
      }
      """;

  private static final String SCENARIO =
      """
      package com.acme;

      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.atomic.AtomicInteger;
      import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
      import org.reactivestreams.Publisher;
      import org.reactivestreams.Subscriber;
      import org.reactivestreams.Subscription;

      /** Drives CachedShelf with a delegate and subscribers written against Reactive Streams alone. */
      public final class Scenario implements Supplier<List<String>> {

        /** Each subscription is one request; the elements go out on the first request (for all). */
        static <T> Publisher<T> publisher(Runnable request, List<T> elements) {
          return subscriber -> {
            request.run();
            subscriber.onSubscribe(
                new Subscription() {
                  boolean done;

                  @Override
                  public void request(long n) {
                    if (!done) {
                      done = true;
                      elements.forEach(subscriber::onNext);
                      subscriber.onComplete();
                    }
                  }

                  @Override
                  public void cancel() {
                    done = true;
                  }
                });
          };
        }

        static final class Server implements Shelf {
          final AtomicInteger titleRequests = new AtomicInteger();
          final AtomicInteger ownerCalls = new AtomicInteger();
          final AtomicInteger deletes = new AtomicInteger();
          volatile String owner = "ann";

          @Override
          public Publisher<String> getTitles(long id) {
            return publisher(titleRequests::incrementAndGet, List.of("Dune", "Emma"));
          }

          @Override
          public String getOwner(long id) {
            ownerCalls.incrementAndGet();
            return owner;
          }

          @Override
          public Publisher<Void> delete(long id) {
            return publisher(() -> { deletes.incrementAndGet(); owner = "nobody"; }, List.of());
          }
        }

        static final class Collect<T> implements Subscriber<T> {
          final List<String> log;
          final String name;
          final Runnable onCompletion;
          final List<T> items = new ArrayList<>();

          Collect(List<String> log, String name, Runnable onCompletion) {
            this.log = log;
            this.name = name;
            this.onCompletion = onCompletion;
          }

          @Override
          public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(T item) {
            items.add(item);
          }

          @Override
          public void onError(Throwable error) {
            log.add(name + " failed: " + error);
          }

          @Override
          public void onComplete() {
            onCompletion.run();
            log.add(name + " completed with " + items);
          }
        }

        @Override
        public List<String> get() {
          List<String> log = new ArrayList<>();
          Server server = new Server();
          CachedShelf shelf = CachedShelf.wrap(server);
          log.add("owner " + shelf.getOwner(1));
          log.add("owner " + shelf.getOwner(1));
          Publisher<Void> delete = shelf.delete(1);
          log.add("deletes before subscribing " + server.deletes.get());
          log.add("owner " + shelf.getOwner(1));
          delete.subscribe(
              new Collect<>(log, "delete", () -> log.add(
                  "on completion: invalidations " + shelf.stats().invalidations()
                      + ", owner " + shelf.getOwner(1))));
          log.add("owner " + shelf.getOwner(1));
          log.add("owner calls " + server.ownerCalls.get());
          Publisher<String> titles = shelf.getTitles(1);
          titles.subscribe(new Collect<>(log, "titles", () -> {}));
          titles.subscribe(new Collect<>(log, "titles", () -> {}));
          log.add("title requests " + server.titleRequests.get());
          return log;
        }
      }
      """;

  /** The test classpath without Reactor: the classpath of a user who has only Reactive Streams. */
  private static List<File> classpathWithoutReactor() {
    List<File> files = new ArrayList<>();
    int removed = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (new File(entry).getName().startsWith("reactor-")) {
        removed++;
      } else {
        files.add(new File(entry));
      }
    }
    assertTrue(removed > 0, "reactor-core was expected on the test classpath");
    return files;
  }

  private static Compilation compile(List<File> classpath, String... sources) {
    List<JavaFileObject> files = new ArrayList<>();
    for (String source : sources) {
      Matcher type = Pattern.compile("public (?:final )?(?:interface|class) (\\w+)").matcher(source);
      assertTrue(type.find(), source);
      files.add(JavaFileObjects.forSourceString("com.acme." + type.group(1), source));
    }
    return Compiler.javac().withProcessors(new CachedProcessor()).withClasspath(classpath).compile(files);
  }

  private static String generated(Compilation compilation, String name) {
    try {
      return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lightcacheWarnings(Compilation compilation) {
    return compilation.warnings().stream()
        .map(d -> d.getMessage(Locale.ROOT))
        .filter(m -> m.startsWith("[LC_"))
        .toList();
  }

  @Test
  void aPublisherReadIsDelegatedWithAWarningAndAPublisherWriteStillInvalidates() {
    JavaFileObject books = JavaFileObjects.forSourceString("com.acme.Books", BOOKS);
    Compilation compilation =
        Compiler.javac().withProcessors(new CachedProcessor()).withClasspath(classpathWithoutReactor()).compile(books);

    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining("[LC_UNREPLAYABLE_NOT_CACHED]")
        .inFile(books)
        .onLineContaining("getTitles");
    List<String> warnings = lightcacheWarnings(compilation);
    assertEquals(1, warnings.size(), () -> "one warning, on getTitles only: " + warnings);
    assertTrue(warnings.get(0).contains("reactor-core"), warnings.get(0));

    String proxy = generated(compilation, "com.acme.CachedBooks");
    assertTrue(proxy.contains("return delegate.getTitles(id);"), proxy);
    assertTrue(
        proxy.contains("return ReactiveStreamsCalls.invalidatingPublisher(engine, DELETE, delegate.delete(id), id);"),
        proxy);
    assertFalse(proxy.contains("reactor.") || proxy.contains("ReactorCalls"), proxy);
  }

  @Test
  void withReactorOnTheClasspathTheSameReadIsCachedWithoutAWarning() {
    // The control of the test above: only Reactor's absence makes the difference.
    List<File> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    Compilation compilation = compile(classpath, BOOKS);
    assertThat(compilation).succeeded();
    assertEquals(List.of(), lightcacheWarnings(compilation));
    String proxy = generated(compilation, "com.acme.CachedBooks");
    assertTrue(proxy.contains("return ReactorCalls.flux(engine, GET_TITLES, key, () -> delegate.getTitles(id));"), proxy);
    assertTrue(proxy.contains("ReactiveStreamsCalls.invalidatingPublisher(engine, DELETE"), proxy);
  }

  /** Loads the classes a compilation wrote, over a classpath, with nothing from the test's loader. */
  private static final class IsolatedLoader extends URLClassLoader {
    private final Map<String, byte[]> generated;

    IsolatedLoader(List<File> classpath, Map<String, byte[]> generated) {
      super(urls(classpath), ClassLoader.getPlatformClassLoader());
      this.generated = generated;
    }

    private static URL[] urls(List<File> classpath) {
      try {
        URL[] urls = new URL[classpath.size()];
        for (int i = 0; i < urls.length; i++) {
          urls[i] = classpath.get(i).toURI().toURL();
        }
        return urls;
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = generated.get(name);
      return bytes != null ? defineClass(name, bytes, 0, bytes.length) : super.findClass(name);
    }
  }

  private static Map<String, byte[]> classFiles(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(), path.length() - 6);
      try (InputStream in = file.openInputStream()) {
        classes.put(name.replace('/', '.'), in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }

  @Test
  void aMicronautStyleWriteInvalidatesOnCompletionWithoutReactorAtRunTime() throws Exception {
    List<File> classpath = classpathWithoutReactor();
    Compilation compilation = compile(classpath, SHELF, SCENARIO);
    assertThat(compilation).succeeded();
    Map<String, byte[]> classes = classFiles(compilation);
    assertTrue(classes.containsKey("com.acme.CachedShelf"), classes.keySet()::toString);

    try (IsolatedLoader loader = new IsolatedLoader(classpath, classes)) {
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("reactor.core.publisher.Flux"));
      @SuppressWarnings("unchecked")
      Supplier<List<String>> scenario =
          (Supplier<List<String>>) loader.loadClass("com.acme.Scenario").getConstructor().newInstance();
      assertEquals(
          List.of(
              "owner ann",
              "owner ann",
              "deletes before subscribing 0",
              "owner ann",
              "on completion: invalidations 1, owner nobody",
              "delete completed with []",
              "owner nobody",
              "owner calls 2",
              "titles completed with [Dune, Emma]",
              "titles completed with [Dune, Emma]",
              "title requests 2"),
          scenario.get());
      assertThrows(
          ClassNotFoundException.class,
          () -> loader.loadClass("dev.lightcache.runtime.internal.reactive.ReactiveStreamsCalls")
              .getClassLoader()
              .loadClass("reactor.core.publisher.Mono"),
          "the runtime's adapter ran from a loader without Reactor");
    }
  }
}
