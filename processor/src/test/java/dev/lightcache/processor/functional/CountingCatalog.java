package dev.lightcache.processor.functional;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The delegate of the tests: counts calls per method and can be told to fail. */
final class CountingCatalog implements Catalog {
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  volatile RuntimeException failWith;
  volatile IOException ioFailure;

  int calls(String method) {
    AtomicInteger count = calls.get(method);
    return count == null ? 0 : count.get();
  }

  private void call(String method) {
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    if (failWith != null) {
      throw failWith;
    }
  }

  @Override
  public Item get(long id) {
    call("get");
    return new Item(id, "item-" + id + "-" + calls("get"));
  }

  @Override
  public List<Item> list(int page) {
    call("list");
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      items.add(new Item(page * 3L + i, "listed-" + calls("list")));
    }
    return List.copyOf(items);
  }

  @Override
  public Item find(String name, int shard, String traceId) {
    call("find");
    return new Item(shard, name + "/" + traceId);
  }

  @Override
  public Item load(long id) throws IOException {
    call("load");
    if (ioFailure != null) {
      throw ioFailure;
    }
    return new Item(id, "loaded");
  }

  @Override
  public Optional<Item> searchByName(String name) {
    call("searchByName");
    return name.isEmpty() ? Optional.empty() : Optional.of(new Item(0, name));
  }

  @Override
  public long count() {
    call("count");
    return 7 + calls("count");
  }

  @Override
  public int[] getIds() {
    call("getIds");
    return new int[] {1, 2, 3};
  }

  @Override
  public String nullable(String name) {
    call("nullable");
    return null;
  }

  @Override
  public String nullableCached(String name) {
    call("nullableCached");
    return null;
  }

  @Override
  public Item getFresh(long id) {
    call("getFresh");
    return new Item(id, "fresh");
  }

  @Override
  public Item post(Item item) {
    call("post");
    return item;
  }

  @Override
  public void delete(long id) {
    call("delete");
  }

  @Override
  public void touch(long id) {
    call("touch");
  }

  @Override
  public void reorder(long id) {
    call("reorder");
  }

  @Override
  public void reset() {
    call("reset");
  }

  @Override
  public void ping() {
    call("ping");
  }
}
