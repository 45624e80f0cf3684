package dev.lightcache.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * A record type that can appear in keys, and its component accessors: the proxy registers it so that
 * keys write its components one by one.
 *
 * @param type the record
 * @param accessors its component accessors, in declaration order
 */
public record RecordKeyModel(ClassName type, List<String> accessors) {

  public RecordKeyModel {
    accessors = List.copyOf(accessors);
  }
}
