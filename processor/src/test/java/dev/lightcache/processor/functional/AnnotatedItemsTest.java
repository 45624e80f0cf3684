package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Type-use annotations on redeclared and own methods change neither keys nor the proxy's methods. */
class AnnotatedItemsTest {

  private static final String NAMESPACE = "dev.lightcache.processor.functional.AnnotatedItems:v1:";

  private static final class Items implements AnnotatedItems {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    int calls(String method) {
      return calls.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    private void call(String method) {
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public Item get(Long id) {
      call("get");
      return new Item(id, "item");
    }

    @Override
    public List<Item> getAll(List<Long> ids) {
      call("getAll");
      return ids.stream().map(id -> new Item(id, "all")).toList();
    }

    @Override
    public Item save(Item value) {
      return value;
    }

    @Override
    public String find(String... tags) {
      call("find");
      return String.join("+", tags);
    }

    @Override
    public void rename(Long id, String[] tags) {
      call("rename");
    }
  }

  private final Items delegate = new Items();
  private final MapCache cache = new MapCache();
  private final CachedAnnotatedItems items = CachedAnnotatedItems.wrap(delegate, cache);

  @Test
  void aRedeclaredMethodIsCachedUnderItsErasedSignature() {
    items.get(1L);
    items.get(1L);
    items.getAll(List.of(1L, 2L));
    items.getAll(List.of(1L, 2L));

    assertEquals(1, delegate.calls("get"));
    assertEquals(1, delegate.calls("getAll"));
    assertTrue(cache.map.containsKey(NAMESPACE + "get(Long):1"), cache.map.keySet().toString());
    assertEquals(1, items.stats().forMethod("get(Long)").hits());
    assertEquals(1, items.stats().forMethod("getAll(List)").hits());
  }

  @Test
  void varargsAreKeyedAsArrays() {
    items.find("a", "b");
    items.find(new String[] {"a", "b"});

    assertEquals(1, delegate.calls("find"));
    assertEquals(1, items.stats().forMethod("find(String[])").hits());
    assertTrue(
        cache.map.keySet().stream().anyMatch(k -> k.startsWith(NAMESPACE + "find(String[]):")),
        cache.map.keySet().toString());
  }

  @Test
  void anInvalidationMatchesAnnotatedParametersByNameAndType() {
    items.get(1L);
    items.get(2L);
    items.find("a");
    items.rename(1L, new String[] {"a"});
    items.get(1L);
    items.get(2L);
    items.find("a");

    assertEquals(3, delegate.calls("get"), "get(1L) was invalidated, get(2L) stayed");
    assertEquals(2, delegate.calls("find"), "find(tags) matched rename's tags");
  }

  @Test
  void theProxyDeclaresEachMethodOnce() {
    List<String> declared =
        Arrays.stream(CachedAnnotatedItems.class.getDeclaredMethods())
            .filter(m -> !m.isSynthetic())
            .map(Method::getName)
            .filter(name -> List.of("get", "getAll", "find", "rename", "save").contains(name))
            .sorted()
            .toList();
    assertEquals(List.of("find", "get", "getAll", "rename", "save"), declared);
  }
}
