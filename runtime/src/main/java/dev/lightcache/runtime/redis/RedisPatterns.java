package dev.lightcache.runtime.redis;

/** Builds Redis glob patterns ({@code SCAN MATCH}) that match literal text. */
final class RedisPatterns {

  private RedisPatterns() {}

  /**
   * The pattern matching every key that starts with {@code literal}: the text with the glob
   * characters {@code * ? [ ] \} escaped, then {@code *}. Keys are free text (a key argument may hold
   * {@code [} or {@code *}), so without escaping a prefix could match another endpoint's keys.
   */
  static String prefixPattern(String literal) {
    StringBuilder pattern = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        pattern.append('\\');
      }
      pattern.append(c);
    }
    return pattern.append('*').toString();
  }
}
