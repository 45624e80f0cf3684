package dev.lightcache.benchmarks.redis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What the scale-out benchmarks' set-up and tear-down ask a Redis node directly, on a connection of
 * their own, to check that a benchmark measures what it says: how many reads reached the node, and
 * which keys are left under a prefix. Never called inside a measured operation.
 */
final class RedisChecks {

  /** The start of the keys a cache keeps for itself after its prefix ({@code FillFence.RESERVED}). */
  static final String RESERVED = "__lc:";

  /**
   * The commands a cache read sends ({@code EVALSHA} of the read script, {@code EVAL} when the server
   * does not know it yet) and plain reads: what a near hit must not send.
   */
  private static final List<String> READS = List.of("evalsha", "eval", "get", "mget");

  private RedisChecks() {}

  /** The {@code host:port} of a {@code redis://host:port} URL. */
  static HostAndPort address(String url) {
    URI uri = URI.create(url.trim());
    return new HostAndPort(uri.getHost(), uri.getPort());
  }

  /** A plain connection to one node, for the checks (the caller closes it). */
  static Jedis admin(HostAndPort node) {
    return new Jedis(node.getHost(), node.getPort());
  }

  /**
   * The calls of {@code EVALSHA}, {@code EVAL}, {@code GET} and {@code MGET} the node has answered
   * since it started ({@code INFO commandstats}; Redis 7 counts a script's own commands too). The
   * difference before and after a batch of cache reads says whether they reached Redis. Other
   * clients of the same server count too: on a shared server ({@code LIGHTCACHE_BENCH_REDIS_URL})
   * the checks that expect no read can fail.
   */
  static long reads(Jedis node) {
    return calls(node, READS);
  }

  /** The calls of {@code EVALSHA} and {@code EVAL}: the round trips of a cache's scripts. */
  static long scripts(Jedis node) {
    return calls(node, List.of("evalsha", "eval"));
  }

  private static long calls(Jedis node, List<String> commands) {
    long calls = 0;
    for (String line : node.info("commandstats").split("\r?\n")) {
      // cmdstat_evalsha:calls=12,usec=340,usec_per_call=28.33,rejected_calls=0,failed_calls=0
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0 || !commands.contains(line.substring("cmdstat_".length(), colon))) {
        continue;
      }
      for (String field : line.substring(colon + 1).split(",")) {
        if (field.startsWith("calls=")) {
          calls += Long.parseLong(field.substring("calls=".length()));
        }
      }
    }
    return calls;
  }

  /**
   * The keys under {@code prefix} on one node, other than the cache's own bookkeeping keys (under
   * {@code prefix + "__lc:"}, which {@code flush()} keeps on purpose): {@code SCAN MATCH prefix*}.
   *
   * @param limit stop after finding this many
   */
  static List<String> entriesUnder(Jedis node, String prefix, int limit) {
    List<String> found = new ArrayList<>();
    ScanParams params = new ScanParams().match(glob(prefix) + "*").count(1000);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    ScanResult<byte[]> page;
    do {
      page = node.scan(cursor, params);
      for (byte[] raw : page.getResult()) {
        String key = new String(raw, StandardCharsets.UTF_8);
        if (!key.startsWith(prefix + RESERVED) && found.size() < limit) {
          found.add(key);
        }
      }
      cursor = page.getCursorAsBytes();
    } while (!page.isCompleteIteration() && found.size() < limit);
    return found;
  }

  /** Escapes the glob characters of a literal prefix. */
  private static String glob(String literal) {
    StringBuilder out = new StringBuilder(literal.length() + 4);
    for (char c : literal.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
