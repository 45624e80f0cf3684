package dev.lightcache.processor.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final MapCache cache = new MapCache();
  private final People people =
      CachedPeople.wrap(
          new People() {
            @Override
            public String getGreeting(FullName name) {
              calls.incrementAndGet();
              return "hello " + name.first() + " " + name.last();
            }

            @Override
            public String getLabel(Address address) {
              calls.incrementAndGet();
              return address.name().last() + ": " + address.lines();
            }
          },
          cache);

  @Test
  void recordsWhoseToStringsCollideAreDistinctKeys() {
    People.FullName one = new People.FullName("a, last=b", "c");
    People.FullName two = new People.FullName("a", "b, last=c");
    assertEquals(one.toString(), two.toString(), "the trap: both print the same");
    assertNotEquals(people.getGreeting(one), people.getGreeting(two));
    assertEquals(2, calls.get());
    assertEquals(2, cache.map.size(), cache.map.keySet().toString());
  }

  @Test
  void equalRecordsShareAnEntryAndKeysAreReadable() {
    people.getGreeting(new People.FullName("Ada", "Lovelace"));
    people.getGreeting(new People.FullName("Ada", "Lovelace"));
    assertEquals(1, calls.get());
    assertTrue(
        cache.map.containsKey(
            "dev.lightcache.processor.functional.People:v1:getGreeting(People.FullName):FullName(Ada,Lovelace)"),
        cache.map.keySet().toString());
  }

  @Test
  void nestedRecordsAndTheirCollectionsAreWrittenByComponent() {
    People.Address a = new People.Address(new People.FullName("x", "y"), List.of("1, 2"));
    People.Address b = new People.Address(new People.FullName("x", "y"), List.of("1", "2"));
    people.getLabel(a);
    people.getLabel(b);
    people.getLabel(new People.Address(new People.FullName("x", "y"), List.of("1", "2")));
    assertEquals(2, calls.get());
  }
}
