package dev.lightcache.runtime.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.CachingProxy;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: only {@code dev.lightcache.runtime.micrometer} may refer to it,
 * and nothing else in the runtime may refer to that package, so the runtime loads and works without it.
 */
class RuntimeWithoutMicrometerTest {

  private static final String PACKAGE = "dev/lightcache/runtime/micrometer/";

  /**
   * Every symbolic reference of a class file (classes, field and method descriptors, signatures) is a
   * UTF-8 entry of its constant pool: none outside the package may name Micrometer or the package.
   */
  @Test
  void noClassOutsideTheBindingPackageRefersToMicrometer() throws Exception {
    Path classes = Path.of(CachingProxy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> offenders = new ArrayList<>();
    TreeSet<String> referringToMicrometer = new TreeSet<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
        scanned++;
        for (String utf8 : constantPoolStrings(file)) {
          boolean micrometer = utf8.contains("io/micrometer/");
          if (micrometer) {
            referringToMicrometer.add(name);
          }
          if (!name.startsWith(PACKAGE) && (micrometer || utf8.contains(PACKAGE))) {
            offenders.add(name + " refers to " + utf8);
          }
        }
      }
    }

    assertTrue(scanned > 100, "scanned the runtime's classes: " + scanned);
    assertTrue(referringToMicrometer.contains(PACKAGE + "LightcacheMetrics.class"), "the scan sees references");
    assertTrue(referringToMicrometer.stream().allMatch(n -> n.startsWith(PACKAGE)), referringToMicrometer.toString());
    assertEquals(List.of(), offenders);
  }

  @Test
  void aProxyWorksInAClassLoaderWithoutMicrometer() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("micrometer")) {
        urls.add(url(entry));
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      @SuppressWarnings("unchecked")
      Supplier<String> scenario =
          (Supplier<String>)
              loader.loadClass(WithoutMicrometer.class.getName()).getConstructor().newInstance();

      assertEquals(
          "CacheStats{hits=1, misses=2, hitRate=0.333, loads=2, loadFailures=0, cacheErrors=0,"
              + " invalidations=1}",
          scenario.get());
      assertThrows(
          NoClassDefFoundError.class,
          () -> loader.loadClass(LightcacheMetrics.class.getName()),
          "the binder itself needs Micrometer");
    }
  }

  private static URL url(String entry) {
    try {
      return Path.of(entry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
  private static List<String> constantPoolStrings(Path classFile) throws IOException {
    List<String> strings = new ArrayList<>();
    try (InputStream bytes = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(bytes)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(classFile + " is not a class file");
      }
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> strings.add(in.readUTF());
          case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++; // takes two entries
          }
          default -> throw new IOException(classFile + ": constant pool tag " + tag + " at " + i);
        }
      }
    }
    return strings;
  }
}
