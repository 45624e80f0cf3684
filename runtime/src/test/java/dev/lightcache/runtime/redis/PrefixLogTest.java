package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrefixLogTest {

  @Test
  void nothingCoversAKeyAtTheCurrentEpoch() {
    PrefixLog log = PrefixLog.EMPTY.plus("a");
    assertFalse(log.coversSince(log.epoch(), "a:1"));
  }

  @Test
  void aPrefixAfterTheEpochCoversTheKeysUnderItOnly() {
    PrefixLog log = PrefixLog.EMPTY.plus("x");
    long since = log.epoch();
    log = log.plus("a:").plus("b:");
    assertEquals(since + 2, log.epoch());
    assertTrue(log.coversSince(since, "a:1"));
    assertTrue(log.coversSince(since, "b:1"));
    assertFalse(log.coversSince(since, "x:1"), "x came before the epoch");
    assertFalse(log.coversSince(since, "c:1"));
    assertFalse(log.coversSince(since + 1, "a:1"), "a: came at since + 1");
  }

  @Test
  void aFlushCoversEverythingBeforeIt() {
    PrefixLog log = PrefixLog.EMPTY.plus("a:");
    long since = log.epoch();
    log = log.plus("").plus("b:");
    assertTrue(log.coversSince(since, "z"));
    assertTrue(log.coversSince(0, "z"));
    assertFalse(log.coversSince(log.epoch() - 1, "z"));
  }

  @Test
  void anEpochOlderThanTheLogIsCovered() {
    PrefixLog log = PrefixLog.EMPTY;
    long since = log.epoch();
    for (int i = 0; i < PrefixLog.LENGTH; i++) {
      log = log.plus("p" + i + ":");
    }
    assertFalse(log.coversSince(since, "z"), "the log still holds all " + PrefixLog.LENGTH);
    log = log.plus("q:");
    assertTrue(log.coversSince(since, "z"), "one was forgotten: it may have covered z");
    assertFalse(log.coversSince(since + 1, "z"));
  }
}
