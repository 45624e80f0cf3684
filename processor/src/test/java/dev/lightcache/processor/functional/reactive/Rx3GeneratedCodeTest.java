package dev.lightcache.processor.functional.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The proxies the build generated for the RxJava and response interfaces read like hand-written code:
 * each method is its key and one short call into an adapter. (Golden files of whole classes are elsewhere.)
 */
class Rx3GeneratedCodeTest {

  private static final Path GENERATED =
      Path.of("target/generated-test-sources/test-annotations/dev/lightcache/processor/functional/reactive");

  private static String source(String proxy) throws IOException {
    return Files.readString(GENERATED.resolve(proxy + ".java"));
  }

  private static int occurrences(String source, String text) {
    Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(source);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  /** The statements of the body of {@code public ... name(...)}. */
  private static String body(String source, String name) {
    Matcher matcher =
        Pattern.compile("(?ms)^    public [^\\n]*\\b" + name + "\\([^)]*\\) \\{\\n(.*?)^    }").matcher(source);
    assertTrue(matcher.find(), () -> "no method " + name + " in\n" + source);
    return matcher.group(1).strip();
  }

  @Test
  void eachRxJava3MethodIsOneShortStatement() throws IOException {
    String proxy = source("CachedRx3Items");
    assertEquals(
        "Key key = ITEM.key(id);\n        return RxJava3Calls.single(engine, ITEM, key, () -> delegate.item(id));",
        body(proxy, "item"));
    assertEquals(1, occurrences(proxy, "RxJava3Calls.single(engine, ITEM, key, () -> delegate.item(id))"));
    assertEquals(
        "return RxJava3Calls.maybe(engine, BY_NAME, key, () -> delegate.byName(name));",
        body(proxy, "byName").lines().skip(1).findFirst().orElseThrow().strip());
    assertEquals(
        "return RxJava3Calls.flowable(engine, IN_CATEGORY, key, () -> delegate.inCategory(category));",
        body(proxy, "inCategory").lines().skip(1).findFirst().orElseThrow().strip());
    assertEquals(
        "return RxJava3Calls.invalidatingCompletable(engine, DISCARD, delegate.discard(id), id);",
        body(proxy, "discard"));
    assertEquals(
        "return RxJava3Calls.invalidatingSingle(engine, OVERWRITE, delegate.overwrite(id, item), id, item);",
        body(proxy, "overwrite"));
  }

  @Test
  void rxJava2MethodsGoThroughTheirOwnAdapter() throws IOException {
    String proxy = source("CachedRx2Items");
    assertEquals(
        "Key key = ITEM.key(id);\n        return RxJava2Calls.single(engine, ITEM, key, () -> delegate.item(id));",
        body(proxy, "item"));
    assertEquals(0, occurrences(proxy, "RxJava3Calls"));
  }

  @Test
  void aResponseInAFutureIsOneCallAndItsStatusTestIsOneLine() throws IOException {
    String proxy = source("CachedRetrofitResponseItems");
    assertEquals(
        "Key key = ITEM_ASYNC.key(id);\n        return engine.getAsync(ITEM_ASYNC, key, () -> delegate.itemAsync(id));",
        body(proxy, "itemAsync"));
    assertEquals(3, occurrences(proxy, ".storesOnly(Response.class, response -> response.isSuccessful())"),
        "item, itemAsync and itemSingle; not the handles, not the entity");
    assertEquals("return delegate.call(id);", body(proxy, "call"));
  }
}
