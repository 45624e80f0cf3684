package dev.lightcache.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code block in README.md and docs/*.md that is marked as a snippet is the tagged region of a
 * source file that the build compiles, verbatim: a page and its source cannot drift apart.
 *
 * <p>In markdown: {@code <!-- snippet: samples/src/main/java/.../File.java#name -->}, a fenced block,
 * {@code <!-- end snippet -->}. In the source: {@code // tag::name[]} ... {@code // end::name[]}
 * (without {@code #name}: the whole file).
 */
class DocsSnippetsTest {

  private static final Pattern SNIPPET =
      Pattern.compile(
          "<!-- snippet: (\\S+?)(?:#(\\S+))? -->\\s*\\n```\\w*\\n(.*?)```\\s*\\n<!-- end snippet -->",
          Pattern.DOTALL);

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void everySnippetMatchesItsSource() throws IOException {
    List<String> checked = new ArrayList<>();
    for (Path page : pages()) {
      String name = ROOT.relativize(page).toString();
      String markdown = Files.readString(page);
      Matcher matcher = SNIPPET.matcher(markdown);
      int matched = 0;
      while (matcher.find()) {
        matched++;
        Path source = ROOT.resolve(matcher.group(1));
        assertTrue(Files.exists(source), name + " quotes a missing file " + source);
        String expected = region(Files.readString(source), matcher.group(2), source);
        assertEquals(
            expected,
            matcher.group(3),
            name + " has drifted from " + matcher.group(1) + "#" + matcher.group(2));
        checked.add(name + " <- " + matcher.group(1));
      }
      int opened = count(markdown, "<!-- snippet: ");
      int closed = count(markdown, "<!-- end snippet -->");
      assertEquals(opened, closed, name + ": unbalanced snippet markers");
      assertEquals(
          opened,
          matched,
          name + ": a snippet marker not followed by one fenced block and <!-- end snippet -->");
    }
    assertTrue(checked.stream().anyMatch(c -> c.startsWith("README.md ")), "README.md has no snippet");
    assertFalse(checked.isEmpty(), "no snippets found");
  }

  /** README.md and docs/*.md. */
  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The lines between the tag markers, with their common indentation removed. */
  static String region(String source, String tag, Path file) {
    List<String> lines = source.lines().toList();
    List<String> region = new ArrayList<>();
    if (tag == null) {
      region.addAll(lines);
    } else {
      boolean inside = false;
      boolean found = false;
      for (String line : lines) {
        if (line.trim().equals("// end::" + tag + "[]")) {
          inside = false;
        } else if (line.trim().equals("// tag::" + tag + "[]")) {
          inside = true;
          found = true;
        } else if (inside && !line.trim().matches("// (tag|end)::.*\\[\\]")) {
          region.add(line);
        }
      }
      assertTrue(found, file + " has no tag " + tag);
    }
    int indent = Integer.MAX_VALUE;
    for (String line : region) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String line : region) {
      sb.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return sb.toString();
  }

  private static int count(String text, String marker) {
    int count = 0;
    for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
      count++;
    }
    return count;
  }
}
