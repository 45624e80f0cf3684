package dev.lightcache.processor.functional;

import dev.lightcache.annotations.Cached;
import java.util.List;

/** Records as keys: components are written one by one, so toString() lookalikes never collide. */
@Cached
public interface People {
  record FullName(String first, String last) {}

  record Address(FullName name, List<String> lines) {}

  String getGreeting(FullName name);

  String getLabel(Address address);
}
