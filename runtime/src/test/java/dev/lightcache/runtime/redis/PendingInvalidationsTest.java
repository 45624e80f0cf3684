package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PendingInvalidationsTest {

  @Test
  void remembersKeysAndPrefixesOnceEach() {
    PendingInvalidations pending = new PendingInvalidations(10);
    assertTrue(pending.isEmpty());

    pending.addKey("k");
    pending.addPrefix("E:v1:");
    pending.addKey("k");

    assertFalse(pending.isEmpty());
    assertEquals(
        List.of(new PendingInvalidations.Item(false, "k"), new PendingInvalidations.Item(true, "E:v1:")),
        pending.drain());
    assertTrue(pending.isEmpty());
    assertEquals(List.of(), pending.drain());
  }

  @Test
  void pastItsCapacityItFlushesEverythingWhichIsNeverNarrowerThanAsked() {
    PendingInvalidations pending = new PendingInvalidations(2);

    pending.addKey("a");
    pending.addKey("b");
    pending.addKey("c");
    pending.addPrefix("d");

    assertNull(pending.drain());
    assertTrue(pending.isEmpty());
  }
}
