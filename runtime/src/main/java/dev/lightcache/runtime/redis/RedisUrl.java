package dev.lightcache.runtime.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A parsed Redis URL, in one of the three forms of {@code DESIGN.md} ("Scale-out"):
 *
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://...} (TLS): one
 *       server;
 *   <li>{@code redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/database]#masterName},
 *       {@code rediss-sentinel://...}: the addresses are the sentinels' (port 26379 by default);
 *   <li>{@code redis-cluster://[[user]:password@]host[:port][,host[:port]...]}, {@code
 *       rediss-cluster://...}: the addresses are seeds of a Redis Cluster (database 0 only).
 * </ul>
 *
 * <p>Jedis reads a one-server URL ({@code redis://}, {@code rediss://}) with {@link JedisURIHelper} over
 * a {@link URI}; so does this class, for each address of the URL with the URL's user info, path and
 * fragment. {@code URI} (RFC 2396) takes them apart and percent-decodes them; {@code JedisURIHelper}
 * reads host and port, user and password, database and TLS. So user and password are percent-encoded
 * ({@code %40} for {@code @}), and the password is everything after the first {@code :} (a user name
 * cannot contain one). Only what Jedis has no URL for is read here: the {@code -sentinel} and {@code
 * -cluster} scheme suffixes, the comma-separated addresses, the {@code #masterName}, the default ports
 * (Jedis's numbers), which parts each form may have, and error messages that name the URL without its
 * password. User and password are the data nodes' credentials (sentinels are reached without them).
 * {@link #toString()} never shows the password either.
 */
record RedisUrl(
    Deployment deployment,
    List<Node> nodes,
    @Nullable String user,
    @Nullable String password,
    int database,
    boolean tls,
    @Nullable String masterName) {

  /** Where the data lives: the part of the scheme after {@code redis} or {@code rediss}. */
  enum Deployment {
    SINGLE(""),
    SENTINEL("-sentinel"),
    CLUSTER("-cluster");

    final String schemeSuffix;

    Deployment(String schemeSuffix) {
      this.schemeSuffix = schemeSuffix;
    }

    /** The deployment a scheme ends with; {@link #SINGLE} for any other ending. */
    static Deployment of(String scheme) {
      return scheme.endsWith(SENTINEL.schemeSuffix) ? SENTINEL
          : scheme.endsWith(CLUSTER.schemeSuffix) ? CLUSTER
          : SINGLE;
    }
  }

  /** One address of the URL. */
  record Node(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static final String ADDRESS_RULE = "an address is host[:port], the host a name (letters, digits,"
      + " '-', '_' and '.'), an IPv4 address or an [IPv6] address, the port a number";

  RedisUrl {
    nodes = List.copyOf(nodes);
  }

  /** A one-server URL. */
  RedisUrl(String host, int port, @Nullable String user, @Nullable String password, int database, boolean tls) {
    this(Deployment.SINGLE, List.of(new Node(host, port)), user, password, database, tls, null);
  }

  /** The first address: the server, or the first sentinel or seed. */
  String host() {
    return nodes.get(0).host();
  }

  /** The first address's port. */
  int port() {
    return nodes.get(0).port();
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException if it is not one of the three forms, with a message that shows
   *     the URL without its password
   */
  static RedisUrl parse(String url) {
    String text = url.trim();
    int schemeEnd = text.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    Deployment deployment = Deployment.of(scheme);
    String redisScheme = scheme.substring(0, scheme.length() - deployment.schemeSuffix.length());
    if (!redisScheme.equals("redis") && !redisScheme.equals("rediss")) {
      throw invalid("a Redis URL starts with redis://, rediss:// (TLS), redis-sentinel:// or redis-cluster://"
          + " (rediss-sentinel://, rediss-cluster:// with TLS)", url);
    }
    // The authority ends where RFC 3986 ends it; the path, query and fragment are every address's.
    String rest = text.substring(schemeEnd + 3);
    int authorityEnd = indexOfAny(rest, "/?#");
    String authority = rest.substring(0, authorityEnd);
    String userInfo = authority.substring(0, authority.lastIndexOf('@') + 1); // with its '@'
    List<URI> addresses = new ArrayList<>();
    List<String> hostPorts = new ArrayList<>();
    for (String address : authority.substring(userInfo.length()).split(",", -1)) {
      if (address.isBlank()) {
        throw invalid(ADDRESS_RULE, url);
      }
      String hostPort = address.trim();
      hostPorts.add(hostPort);
      addresses.add(uri(redisScheme + "://" + userInfo + withoutUnderscores(hostPort) + rest.substring(authorityEnd), url));
    }
    int defaultPort = deployment == Deployment.SENTINEL ? Protocol.DEFAULT_SENTINEL_PORT : Protocol.DEFAULT_PORT;
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      nodes.add(node(addresses.get(i), hostPorts.get(i), defaultPort, url));
    }
    URI first = addresses.get(0);
    RedisUrl parsed = new RedisUrl(
        deployment,
        nodes,
        JedisURIHelper.getUser(first),
        password(first, url),
        database(first, url),
        JedisURIHelper.isRedisSSLScheme(first),
        first.getFragment());
    parsed.checkForm(first, url);
    return parsed;
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  /** One address as a URI; {@link URISyntaxException}'s message would show the password. */
  private static URI uri(String address, String url) {
    try {
      return new URI(address);
    } catch (URISyntaxException e) {
      throw invalid("not a URL: " + e.getReason() + " (percent-encode such characters in the user and"
          + " password, %40 for @)", url);
    }
  }

  /**
   * A host:port as {@code URI} will read it: {@code URI} takes a host name with {@code _} for none (it is
   * not a DNS name), and then so does Jedis, but Docker Compose service names and {@code /etc/hosts}
   * entries often have one. {@code -} stands in for it while {@code URI} reads the address, and {@link
   * #node} puts it back.
   */
  private static String withoutUnderscores(String hostPort) {
    return hostPort.startsWith("[") ? hostPort : hostPort.replace('_', '-');
  }

  private static Node node(URI address, String hostPort, int defaultPort, String url) {
    HostAndPort hostAndPort = JedisURIHelper.getHostAndPort(address);
    String host = hostAndPort.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid(ADDRESS_RULE, url);
    }
    if (!withoutUnderscores(hostPort).equals(hostPort)) {
      host = hostPort.substring(0, host.length()); // the same characters, with their '_' back
    }
    int port = hostAndPort.getPort() < 0 ? defaultPort : hostAndPort.getPort();
    if (port < 1 || port > 65535) {
      throw invalid("a port is 1 to 65535, was " + port, url);
    }
    return new Node(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
  }

  private static @Nullable String password(URI address, String url) {
    try {
      return JedisURIHelper.getPassword(address);
    } catch (IllegalArgumentException e) { // a user without a password
      throw invalid("the Redis URL names a user but no password; write redis://user:password@host or"
          + " redis://:password@host", url);
    }
  }

  private static int database(URI address, String url) {
    int database;
    try {
      database = JedisURIHelper.getDBIndex(address);
    } catch (NumberFormatException e) {
      database = -1;
    }
    if (database < 0) {
      throw invalid("the path of a Redis URL is the database number, such as /0, not " + address.getRawPath(), url);
    }
    return database;
  }

  /** What Jedis does not check: the parts each form may have. */
  private void checkForm(URI first, String url) {
    if (first.getRawQuery() != null) {
      throw invalid("a Redis URL takes no query parameters (?" + first.getRawQuery() + ")", url);
    }
    if (deployment == Deployment.SINGLE && nodes.size() > 1) {
      throw invalid("a redis:// URL names one server; for several addresses use redis-sentinel:// (sentinels)"
          + " or redis-cluster:// (cluster seeds)", url);
    }
    if (deployment == Deployment.CLUSTER && database != 0) {
      throw invalid("a Redis Cluster has database 0 only; remove /" + database, url);
    }
    if (deployment == Deployment.SENTINEL && (masterName == null || masterName.isBlank())) {
      throw invalid("a redis-sentinel:// URL ends with #masterName, the name the sentinels monitor, such as"
          + " redis-sentinel://host1:26379,host2:26379#mymaster", url);
    }
    if (deployment != Deployment.SENTINEL && masterName != null) {
      throw invalid("only redis-sentinel:// URLs name a master (#" + masterName + ")", url);
    }
  }

  private static IllegalArgumentException invalid(String rule, String url) {
    return new IllegalArgumentException(rule + "; was: " + redact(url));
  }

  /**
   * The URL with its user info after the user replaced by {@code ***}, for messages: {@code
   * redis://user:***@host}, or {@code redis://***@host} when there is no {@code :} (the text before the
   * {@code @} may then be a password).
   */
  static String redact(String url) {
    int start = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (start < 0 || at < start) {
      return url;
    }
    int colon = url.indexOf(':', start + 3);
    int secretStart = colon >= 0 && colon < at ? colon + 1 : start + 3;
    return url.substring(0, secretStart) + "***" + url.substring(at);
  }

  @Override
  public String toString() {
    return (tls ? "rediss" : "redis") + deployment.schemeSuffix
        + "://"
        + (user == null && password == null ? "" : (user == null ? "" : user) + ":***@")
        + nodes.stream().map(Node::toString).collect(Collectors.joining(","))
        + (deployment == Deployment.CLUSTER ? "" : "/" + database)
        + (masterName == null ? "" : "#" + masterName);
  }
}
