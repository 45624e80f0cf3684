package dev.lightcache.runtime.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Redis URL, in one of the three forms of {@code DESIGN.md} ("Scale-out"):
 *
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://...} (TLS): one
 *       server;
 *   <li>{@code redis-sentinel://[[user]:password@]host:port[,host:port...][/database]#masterName},
 *       {@code rediss-sentinel://...}: the addresses are the sentinels';
 *   <li>{@code redis-cluster://[[user]:password@]host:port[,host:port...]}, {@code
 *       rediss-cluster://...}: the addresses are seeds of a Redis Cluster (database 0 only).
 * </ul>
 *
 * <p>User and password are percent-decoded, so a password containing {@code @} or {@code :} is written
 * {@code %40} or {@code %3A}; they are the data nodes' credentials (sentinels are reached without
 * them). {@link #toString()} never shows the password.
 */
record RedisUrl(
    Deployment deployment,
    List<Node> nodes,
    @Nullable String user,
    @Nullable String password,
    int database,
    boolean tls,
    @Nullable String masterName) {

  static final int DEFAULT_PORT = 6379;
  static final int DEFAULT_SENTINEL_PORT = 26379;

  /** Where the data lives. */
  enum Deployment {
    SINGLE("redis", "rediss"),
    SENTINEL("redis-sentinel", "rediss-sentinel"),
    CLUSTER("redis-cluster", "rediss-cluster");

    final String scheme;
    final String tlsScheme;

    Deployment(String scheme, String tlsScheme) {
      this.scheme = scheme;
      this.tlsScheme = tlsScheme;
    }
  }

  /** One address of the URL. */
  record Node(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

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

  static RedisUrl parse(String url) {
    String text = url.trim();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException(
          "a Redis URL starts with redis://, rediss://, redis-sentinel:// or redis-cluster://, was: "
              + redact(url));
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    Deployment deployment = null;
    boolean tls = false;
    for (Deployment candidate : Deployment.values()) {
      if (candidate.scheme.equals(scheme) || candidate.tlsScheme.equals(scheme)) {
        deployment = candidate;
        tls = candidate.tlsScheme.equals(scheme);
      }
    }
    if (deployment == null) {
      throw new IllegalArgumentException(
          "a Redis URL starts with redis://, rediss:// (TLS), redis-sentinel:// or redis-cluster://"
              + " (rediss-sentinel://, rediss-cluster:// with TLS), was: " + redact(url));
    }
    String rest = text.substring(schemeEnd + 3);

    String masterName = null;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      masterName = decode(rest.substring(hash + 1));
      rest = rest.substring(0, hash);
    }
    int slash = rest.indexOf('/');
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    String authority = slash < 0 ? rest : rest.substring(0, slash);

    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "the Redis URL names a user but no password; write redis://user:password@host or"
                + " redis://:password@host");
      }
      String rawUser = userInfo.substring(0, colon);
      user = rawUser.isEmpty() ? null : decode(rawUser);
      password = decode(userInfo.substring(colon + 1));
    }

    int defaultPort = deployment == Deployment.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
    List<Node> nodes = new ArrayList<>();
    for (String address : authority.split(",", -1)) {
      nodes.add(node(address.trim(), defaultPort, url));
    }
    if (deployment == Deployment.SINGLE && nodes.size() > 1) {
      throw new IllegalArgumentException(
          "a redis:// URL names one server; for several addresses use redis-sentinel:// (sentinels)"
              + " or redis-cluster:// (cluster seeds), was: " + redact(url));
    }

    int database = 0;
    if (!path.isEmpty()) {
      try {
        database = Integer.parseInt(path);
      } catch (NumberFormatException e) {
        database = -1;
      }
      if (database < 0) {
        throw new IllegalArgumentException(
            "the path of a Redis URL is the database number, such as /0, was: /" + path);
      }
    }
    if (deployment == Deployment.CLUSTER && database != 0) {
      throw new IllegalArgumentException(
          "a Redis Cluster has database 0 only; remove /" + database + " from " + redact(url));
    }
    if (deployment == Deployment.SENTINEL && (masterName == null || masterName.isBlank())) {
      throw new IllegalArgumentException(
          "a redis-sentinel:// URL ends with #masterName, the name the sentinels monitor, such as"
              + " redis-sentinel://host1:26379,host2:26379#mymaster; was: " + redact(url));
    }
    if (deployment != Deployment.SENTINEL && masterName != null) {
      throw new IllegalArgumentException(
          "only redis-sentinel:// URLs name a master (#" + masterName + "): " + redact(url));
    }
    return new RedisUrl(deployment, nodes, user, password, database, tls, masterName);
  }

  private static Node node(String address, int defaultPort, String url) {
    if (address.isEmpty()) {
      throw new IllegalArgumentException("the Redis URL has no host: " + redact(url));
    }
    String host;
    String port = null;
    if (address.startsWith("[")) { // an IPv6 literal
      int close = address.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unclosed IPv6 address in the Redis URL: " + redact(url));
      }
      host = address.substring(1, close);
      if (close + 1 < address.length()) {
        if (address.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("not a host:port in the Redis URL: " + redact(url));
        }
        port = address.substring(close + 2);
      }
    } else {
      int colon = address.lastIndexOf(':');
      host = colon < 0 ? address : address.substring(0, colon);
      port = colon < 0 ? null : address.substring(colon + 1);
    }
    if (host.isEmpty() || host.indexOf('/') >= 0 || host.indexOf('@') >= 0) {
      throw new IllegalArgumentException("the Redis URL has no host: " + redact(url));
    }
    int number = defaultPort;
    if (port != null) {
      try {
        number = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        number = -1;
      }
      if (number < 1 || number > 65535) {
        throw new IllegalArgumentException(
            "not a port in the Redis URL: '" + port + "' in " + redact(url));
      }
    }
    return new Node(host, number);
  }

  private static String decode(String text) {
    // URLDecoder would turn '+' into a space; in a URL's user info '+' is itself.
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL with its password replaced by {@code ***}, for messages. */
  static String redact(String url) {
    return url.replaceFirst("(://[^/@]*?:)[^/@]*@", "$1***@");
  }

  @Override
  public String toString() {
    return (tls ? deployment.tlsScheme : deployment.scheme)
        + "://"
        + (user == null && password == null ? "" : (user == null ? "" : user) + ":***@")
        + nodes.stream().map(Node::toString).collect(Collectors.joining(","))
        + (deployment == Deployment.CLUSTER ? "" : "/" + database)
        + (masterName == null ? "" : "#" + masterName);
  }
}
