package dev.lightcache.processor.functional;

import java.util.List;
import java.util.Optional;

/** A catalog whose methods all fail unless a test overrides them. */
class DelegatingCatalog implements Catalog {
  @Override
  public Item get(long id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Item> list(int page) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Item find(String name, int shard, String traceId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Item load(long id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Item> searchByName(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long count() {
    throw new UnsupportedOperationException();
  }

  @Override
  public int[] getIds() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String nullable(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String nullableCached(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Item getFresh(long id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Item post(Item item) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void delete(long id) {}

  @Override
  public void touch(long id) {}

  @Override
  public void reorder(long id) {}

  @Override
  public void reset() {}

  @Override
  public void ping() {}
}
