package dev.lightcache.runtime.redis;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * For each of a Redis Cluster's 16,384 hash slots, a short text that hashes to it: a key holding
 * {@code {text}} lives in that slot, so the {@link FillFence}'s per-slot keys sit beside the entries
 * they guard and one script can touch both. Computed once, on first use (a few milliseconds).
 */
final class SlotTags {

  static final int SLOTS = 16_384;
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

  private SlotTags() {}

  /** The tag of {@code slot}: its hash slot is {@code slot}. */
  static String of(int slot) {
    return Table.TAGS[slot];
  }

  private static final class Table {
    static final String[] TAGS = build();

    private static String[] build() {
      String[] tags = new String[SLOTS];
      int found = 0;
      for (int length = 1; found < SLOTS; length++) {
        int count = (int) Math.pow(ALPHABET.length(), length);
        char[] text = new char[length];
        for (int n = 0; n < count && found < SLOTS; n++) {
          int rest = n;
          for (int i = length - 1; i >= 0; i--) {
            text[i] = ALPHABET.charAt(rest % ALPHABET.length());
            rest /= ALPHABET.length();
          }
          String tag = new String(text);
          int slot = JedisClusterCRC16.getSlot(tag.getBytes(StandardCharsets.US_ASCII));
          if (tags[slot] == null) {
            tags[slot] = tag;
            found++;
          }
        }
      }
      return tags;
    }
  }
}
