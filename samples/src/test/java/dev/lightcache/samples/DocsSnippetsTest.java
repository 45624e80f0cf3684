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
 * The Java in README.md and docs/*.md cannot drift from the code: every {@code ```java} block is either
 * a snippet, the tagged region of a source file that the build compiles, checked verbatim, or a
 * fragment marked as such with the reason it is not compiled.
 *
 * <p>A snippet, in markdown: {@code <!-- snippet: samples/src/main/java/.../File.java#name -->} on the
 * line before the fenced block, and {@code <!-- end snippet -->} after it. In the source:
 * {@code // tag::name[]} ... {@code // end::name[]} (without {@code #name}: the whole file).
 *
 * <p>A fragment (code that is not meant to compile as shown: a mistake the processor reports, an excerpt,
 * a sketch with elided bodies): {@code <!-- fragment: the reason -->} on the line before the fenced
 * block, with a non-empty reason.
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

  @Test
  void everyJavaBlockIsASnippetOrAMarkedFragment() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path page : pages()) {
      problems.addAll(unmarkedJavaBlocks(ROOT.relativize(page).toString(), Files.readString(page)));
    }
    assertTrue(
        problems.isEmpty(),
        () ->
            "every ```java block in README.md and docs/*.md must be a snippet of compiled code"
                + " (<!-- snippet: path#tag --> on the line before it) or a fragment"
                + " (<!-- fragment: why it is not compiled --> on the line before it):\n"
                + String.join("\n", problems));
  }

  @Test
  void theRuleFindsUnmarkedBlocksAndEmptyReasons() {
    String markdown =
        String.join(
            "\n",
            "# Page",
            "```java",
            "int unmarked;",
            "```",
            "<!-- fragment: a mistake on purpose -->",
            "```java",
            "int marked;",
            "```",
            "<!-- fragment: -->",
            "```java",
            "int noReason;",
            "```",
            "<!-- fragment: not on the line before -->",
            "",
            "```java",
            "int tooFar;",
            "```",
            "<!-- snippet: samples/A.java#a -->",
            "```java",
            "int quoted;",
            "```",
            "<!-- end snippet -->",
            "- a list item:",
            "",
            "  ```Java title=\"A.java\"",
            "  int indented;",
            "  ```",
            "````text",
            "```java",
            "<!-- fragment: inside another block, neither a block nor a marker -->",
            "````",
            "~~~java",
            "int tildes;",
            "~~~",
            "<!-- fragment: followed by no java block -->",
            "```text",
            "output",
            "```");
    assertEquals(
        List.of(
            "page.md:2: ```java block with neither a snippet nor a fragment marker on the line before",
            "page.md:9: fragment marker without a reason (<!-- fragment: why it is not compiled -->)",
            "page.md:10: ```java block with neither a snippet nor a fragment marker on the line before",
            "page.md:13: fragment marker not directly followed by a ```java block",
            "page.md:15: ```java block with neither a snippet nor a fragment marker on the line before",
            "page.md:25: ```java block with neither a snippet nor a fragment marker on the line before",
            "page.md:32: ```java block with neither a snippet nor a fragment marker on the line before",
            "page.md:35: fragment marker not directly followed by a ```java block"),
        unmarkedJavaBlocks("page.md", markdown));
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

  private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})\\s*(.*?)\\s*$");
  private static final Pattern FRAGMENT = Pattern.compile("^\\s*<!-- fragment:(.*?)-->\\s*$");

  /**
   * The ```java blocks of a page without a snippet or fragment marker on the line before, fragment
   * markers without a reason, and fragment markers not followed by a ```java block, as
   * {@code page:line: problem}. Fenced blocks are found as in CommonMark: a fence of three or more
   * backticks or tildes, closed by a fence of the same character at least as long; a block's language
   * is the first word of its info string. Lines inside fenced blocks are neither blocks nor markers.
   */
  static List<String> unmarkedJavaBlocks(String page, String markdown) {
    List<String> problems = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    String open = null; // the fence of the block we are in, or null
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      if (open != null) {
        if (fence.matches()
            && fence.group(2).isEmpty()
            && fence.group(1).charAt(0) == open.charAt(0)
            && fence.group(1).length() >= open.length()) {
          open = null;
        }
        continue;
      }
      if (fence.matches() && !(fence.group(1).startsWith("`") && fence.group(2).contains("`"))) {
        open = fence.group(1);
        if (isJava(fence.group(2))) {
          String before = i == 0 ? "" : lines.get(i - 1).trim();
          Matcher fragment = FRAGMENT.matcher(before);
          boolean snippet = before.startsWith("<!-- snippet: ") && before.endsWith(" -->");
          boolean marked = fragment.matches() && !fragment.group(1).isBlank();
          if (!snippet && !marked) {
            problems.add(
                page + ":" + (i + 1)
                    + ": ```java block with neither a snippet nor a fragment marker on the line before");
          }
        }
        continue;
      }
      Matcher fragment = FRAGMENT.matcher(line);
      if (line.contains("<!-- fragment")) {
        if (!fragment.matches() || fragment.group(1).isBlank()) {
          problems.add(
              page + ":" + (i + 1)
                  + ": fragment marker without a reason (<!-- fragment: why it is not compiled -->)");
        } else {
          Matcher next = FENCE.matcher(i + 1 < lines.size() ? lines.get(i + 1) : "");
          if (!next.matches() || !isJava(next.group(2))) {
            problems.add(
                page + ":" + (i + 1) + ": fragment marker not directly followed by a ```java block");
          }
        }
      }
    }
    return problems;
  }

  private static boolean isJava(String info) {
    return info.split("\\s+", 2)[0].equalsIgnoreCase("java");
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
