package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.InMemoryCache;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Inherited generic methods, overloads, cached default methods, nesting and versions. */
class RepositoryBehaviourTest {

  private static final class Items implements ItemRepository {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    int calls(String method) {
      return calls.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    private void call(String method) {
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public Item get(Long id) {
      call("get(Long)");
      return id == 0 ? null : new Item(id, "by id");
    }

    @Override
    public List<Item> getAll(List<Long> ids) {
      call("getAll");
      return ids.stream().map(id -> new Item(id, "all")).toList();
    }

    @Override
    public Item save(Item value) {
      call("save");
      return value;
    }

    @Override
    public Item get(String name) {
      call("get(String)");
      return new Item(0, name);
    }

    @Override
    public Item get(String name, int version) {
      call("get(String,int)");
      return new Item(version, name);
    }

    @Override
    public void rename(Long id, String name) {
      call("rename");
    }

    @Override
    public String label(Long id) {
      call("label");
      return "label " + id;
    }
  }

  private final Items delegate = new Items();
  private final CachedItemRepository repository = CachedItemRepository.wrap(delegate);

  @Test
  void inheritedGenericMethodsAreCachedWithResolvedTypes() {
    repository.get(1L);
    repository.get(1L);
    assertEquals(1, delegate.calls("get(Long)"));
    assertEquals(1, repository.stats().forMethod("get(Long)").hits());
  }

  @Test
  void overloadsHaveDistinctEntries() {
    repository.get("1");
    repository.get(1L);
    repository.get("1", 1);
    repository.get("1");
    repository.get(1L);
    repository.get("1", 1);
    assertEquals(1, delegate.calls("get(String)"));
    assertEquals(1, delegate.calls("get(Long)"));
    assertEquals(1, delegate.calls("get(String,int)"));
  }

  @Test
  void equalCollectionsGiveTheSameKey() {
    repository.getAll(new ArrayList<>(List.of(1L, 2L)));
    repository.getAll(new LinkedList<>(List.of(1L, 2L)));
    repository.getAll(List.of(1L, 2L));
    assertEquals(1, delegate.calls("getAll"));
    repository.getAll(List.of(2L, 1L));
    assertEquals(2, delegate.calls("getAll"), "a list's order is part of its value");
  }

  @Test
  void cachedDefaultMethodIsCachedAndOtherDefaultsGoThroughTheProxy() {
    repository.label(3L);
    repository.label(3L);
    assertEquals(1, delegate.calls("label"));
    repository.getOrDefault(5L, null);
    repository.getOrDefault(5L, null);
    assertEquals(1, delegate.calls("get(Long)"), "getOrDefault calls the proxy's get");
  }

  @Test
  void invalidatesMatchesKeyParametersByNameAndType() {
    repository.get(1L);
    repository.get(2L);
    repository.get("n");
    repository.get("n", 1);
    repository.rename(1L, "n");
    repository.get(1L);
    repository.get(2L);
    repository.get("n");
    repository.get("n", 1);
    assertEquals(3, delegate.calls("get(Long)"), "get(1L) was invalidated, get(2L) stayed");
    assertEquals(2, delegate.calls("get(String)"), "get(name) matched rename's name");
    assertEquals(2, delegate.calls("get(String,int)"), "no version in rename: every entry");
  }

  @Test
  void nestedPackagePrivateInterfaceGetsAPackagePrivateProxy() {
    Outer.Inner inner = CachedOuter_Inner.wrap(key -> key + "!");
    assertEquals("a!", inner.get("a"));
    assertFalse(Modifier.isPublic(CachedOuter_Inner.class.getModifiers()));
    assertTrue(Modifier.isFinal(CachedOuter_Inner.class.getModifiers()));
    assertTrue(Modifier.isPublic(CachedCatalog.class.getModifiers()));
  }

  @Test
  void versionsNeverShareEntries() {
    InMemoryCache shared = new InMemoryCache();
    AtomicInteger calls = new AtomicInteger();
    Versioned.V1 v1 = CachedVersioned_V1.wrap(id -> "v1-" + calls.incrementAndGet(), shared);
    Versioned.V2 v2 = CachedVersioned_V2.wrap(id -> "v2-" + calls.incrementAndGet(), shared);
    assertNotEquals(v1.get(1), v2.get(1));
    assertEquals(v1.get(1), v1.get(1));
    assertEquals(2, calls.get());
  }
}
