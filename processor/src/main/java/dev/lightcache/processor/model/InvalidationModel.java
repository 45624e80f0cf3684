package dev.lightcache.processor.model;

import java.util.List;

/**
 * What an invalidating method invalidates.
 *
 * @param wholeEndpoint every entry of the endpoint
 * @param targets cached methods whose entries go
 */
public record InvalidationModel(boolean wholeEndpoint, List<Target> targets) {

  public InvalidationModel {
    targets = List.copyOf(targets);
  }

  /**
   * Entries of one cached method.
   *
   * @param constantName the target's descriptor constant
   * @param signature the target's signature
   * @param argumentPositions positions of this method's arguments that form the target's key, in the
   *     target's key order; empty list with {@code oneKey == false} for every entry of the target
   * @param oneKey whether exactly one key is deleted
   */
  public record Target(
      String constantName, String signature, List<Integer> argumentPositions, boolean oneKey) {
    public Target {
      argumentPositions = List.copyOf(argumentPositions);
    }
  }
}
