package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.redis.PendingInvalidations.Entry;
import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import dev.lightcache.runtime.redis.PendingInvalidations.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingInvalidationsTest {

  private static final Item KEY = new Item(Kind.KEY, "k");
  private static final Item PREFIX = new Item(Kind.PREFIX, "E:v1:");

  private static List<Item> items(List<Entry> entries) {
    return entries.stream().map(Entry::item).toList();
  }

  @Test
  void remembersKeysAndPrefixesOnceEach() {
    PendingInvalidations pending = new PendingInvalidations(10);
    assertTrue(pending.isEmpty());

    pending.add(KEY);
    pending.add(PREFIX);
    pending.add(KEY);

    assertFalse(pending.isEmpty());
    List<Entry> snapshot = pending.snapshot();
    assertEquals(List.of(PREFIX, KEY), items(snapshot));
    snapshot.forEach(pending::delivered);
    assertTrue(pending.isEmpty());
    assertEquals(List.of(), pending.snapshot());
  }

  @Test
  void coversTheKeyItselfKeysUnderAPendingPrefixAndEverythingUnderAFlush() {
    PendingInvalidations pending = new PendingInvalidations(10);
    assertFalse(pending.covers("k"));

    pending.add(KEY);
    pending.add(PREFIX);

    assertTrue(pending.covers("k"));
    assertTrue(pending.covers("E:v1:get(long):1"));
    assertFalse(pending.covers("E:v2:get(long):1"));
    assertFalse(pending.covers("k2"));

    pending.add(Item.FLUSH);
    assertTrue(pending.covers("anything"));
  }

  @Test
  void anInvalidationAskedForAgainDuringItsDeliveryStaysPending() {
    PendingInvalidations pending = new PendingInvalidations(10);
    pending.add(KEY);
    List<Entry> snapshot = pending.snapshot();

    pending.add(KEY); // while the snapshot's DEL is under way, the key is invalidated again
    snapshot.forEach(pending::delivered);

    assertTrue(pending.covers("k"));
    assertEquals(List.of(KEY), items(pending.snapshot()));
  }

  @Test
  void aFlushAskedForAgainDuringItsDeliveryStaysPending() {
    PendingInvalidations pending = new PendingInvalidations(10);
    pending.add(Item.FLUSH);
    List<Entry> snapshot = pending.snapshot();

    pending.add(KEY); // absorbed by the flush, which must therefore run again
    snapshot.forEach(pending::delivered);

    assertEquals(List.of(Item.FLUSH), items(pending.snapshot()));
  }

  @Test
  void pastItsCapacityItFlushesEverythingWhichIsNeverNarrowerThanAsked() {
    PendingInvalidations pending = new PendingInvalidations(2);

    pending.add(new Item(Kind.KEY, "a"));
    pending.add(new Item(Kind.KEY, "b"));
    pending.add(new Item(Kind.KEY, "c"));
    pending.add(new Item(Kind.PREFIX, "d"));

    assertEquals(List.of(Item.FLUSH), items(pending.snapshot()));
    assertEquals(List.of(Item.FLUSH), pending.clear());
    assertTrue(pending.isEmpty());
  }
}
