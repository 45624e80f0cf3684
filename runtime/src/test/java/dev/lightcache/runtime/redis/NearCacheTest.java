package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.NullValue;
import dev.lightcache.runtime.ValueType;
import dev.lightcache.runtime.internal.ExpiryClock;
import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import dev.lightcache.runtime.redis.PendingInvalidations.Kind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The near cache alone, on a clock the test moves: what it stores, serves and refuses. */
class NearCacheTest {

  private static final ValueType<String> STRING = ValueType.of(String.class);
  private static final ValueType<Object> ANY = ValueType.of(Object.class);
  private static final long STALENESS = TimeUnit.SECONDS.toNanos(10);

  private final AtomicLong time = new AtomicLong(1_000_000);
  private final ExpiryClock clock = ExpiryClock.manual(time::get);
  private final NearCache near = new NearCache(100, STALENESS, clock);

  private void fill(String key, String value) {
    near.offer(key, STRING, value, near.stamp(key));
  }

  @Test
  void servesOnlyWhileResumedAndStoresNothingMeanwhile() {
    fill("a", "1");
    assertNull(near.get("a", STRING));
    assertFalse(near.holds("a"));

    near.resume();
    fill("a", "1");
    assertEquals("1", near.get("a", STRING));
    assertEquals(1, near.hitCount());

    near.suspend();
    assertNull(near.get("a", STRING));
    assertFalse(near.holds("a"), "suspending empties it");
  }

  @Test
  void anotherTypeIsANearMissNeverAWronglyTypedValue() {
    near.resume();
    near.offer("a", ANY, List.of("x"), near.stamp("a"));
    assertNull(near.get("a", STRING));
    assertEquals(List.of("x"), near.get("a", ANY));
    near.offer("n", STRING, NullValue.INSTANCE, near.stamp("n"));
    assertEquals(NullValue.INSTANCE, near.get("n", STRING));
    fill("e", "1");
    assertEquals("1", near.get("e", ValueType.of(String.class)), "an equal descriptor hits");
  }

  @Test
  void aFillWhoseReadStartedBeforeAKeyInvalidationIsRefused() {
    near.resume();
    NearCache.Stamp before = near.stamp("a");
    near.invalidate(new Item(Kind.KEY, "a"));
    near.offer("a", STRING, "old", before);
    assertNull(near.get("a", STRING));
    assertEquals(1, near.refusedFillCount());

    fill("a", "new"); // a read that started after it
    assertEquals("new", near.get("a", STRING));
  }

  @Test
  void aKeyInvalidationRemovesTheKeyAndNoOther() {
    near.resume();
    fill("a", "1");
    fill("b", "2");
    near.invalidateKey("a");
    assertNull(near.get("a", STRING));
    assertEquals("2", near.get("b", STRING));
  }

  @Test
  void aPrefixInvalidationRemovesTheKeysUnderItAndRefusesTheirOlderFills() {
    near.resume();
    fill("E:v1:get:1", "1");
    fill("F:v1:get:1", "2");
    NearCache.Stamp before = near.stamp("E:v1:get:2");
    NearCache.Stamp otherBefore = near.stamp("F:v1:get:2");

    near.invalidate(new Item(Kind.PREFIX, "E:v1:"));

    assertNull(near.get("E:v1:get:1", STRING));
    assertFalse(near.holds("E:v1:get:1"));
    assertEquals("2", near.get("F:v1:get:1", STRING));
    near.offer("E:v1:get:2", STRING, "old", before);
    assertNull(near.get("E:v1:get:2", STRING));
    near.offer("F:v1:get:2", STRING, "fine", otherBefore); // not covered by the prefix
    assertEquals("fine", near.get("F:v1:get:2", STRING));
  }

  @Test
  void aFlushEmptiesItAndRefusesEveryOlderFill() {
    near.resume();
    fill("a", "1");
    NearCache.Stamp before = near.stamp("b");
    near.invalidate(Item.FLUSH);
    assertNull(near.get("a", STRING));
    near.offer("b", STRING, "old", before);
    assertNull(near.get("b", STRING));
  }

  @Test
  void aResumeRefusesFillsWhoseReadStartedBeforeIt() {
    near.resume();
    NearCache.Stamp before = near.stamp("a");
    near.suspend(); // the subscription was lost while "a" was being read
    near.resume();
    near.offer("a", STRING, "read while unsubscribed", before);
    assertNull(near.get("a", STRING));
  }

  @Test
  void anEntryIsServedForLessThanMaxStalenessFromWhenItWasStored() {
    near.resume();
    fill("a", "1");
    time.addAndGet(STALENESS - 1);
    clock.tick();
    assertEquals("1", near.get("a", STRING));
    time.addAndGet(1);
    clock.tick();
    assertNull(near.get("a", STRING));
    assertFalse(near.holds("a"));
  }

  @Test
  void aRestampedEntryKeepsItsStorageTime() {
    near.resume();
    fill("a", "1");
    near.invalidate(new Item(Kind.PREFIX, "zzz")); // not covering: the next hit restamps "a"
    assertEquals("1", near.get("a", STRING));
    time.addAndGet(STALENESS);
    clock.tick();
    assertNull(near.get("a", STRING));
  }

  @Test
  void anEntryOlderThanEveryPrefixTheLogHoldsIsAMiss() {
    near.resume();
    fill("a", "1");
    for (int i = 0; i <= PrefixLog.LENGTH; i++) {
      near.invalidate(new Item(Kind.PREFIX, "other" + i));
    }
    assertTrue(near.holds("a"));
    assertNull(near.get("a", STRING), "the log no longer says whether it was covered");
  }
}
