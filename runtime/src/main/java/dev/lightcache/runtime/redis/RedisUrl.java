package dev.lightcache.runtime.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code redis://[[user]:password@]host[:port][/database]} or {@code rediss://...} URL.
 *
 * <p>User and password are percent-decoded, so a password containing {@code @} or {@code :} is written
 * {@code %40} or {@code %3A}. {@link #toString()} never shows the password.
 */
record RedisUrl(
    String host, int port, @Nullable String user, @Nullable String password, int database, boolean tls) {

  static final int DEFAULT_PORT = 6379;

  static RedisUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a Redis URL: " + redact(url) + " (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    boolean tls;
    if ("redis".equalsIgnoreCase(scheme)) {
      tls = false;
    } else if ("rediss".equalsIgnoreCase(scheme)) {
      tls = true;
    } else {
      throw new IllegalArgumentException(
          "a Redis URL starts with redis:// or rediss:// (TLS), was: " + redact(url));
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("the Redis URL has no host: " + redact(url));
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();

    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
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

    int database = 0;
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      String db = path.substring(1);
      try {
        database = Integer.parseInt(db);
      } catch (NumberFormatException e) {
        database = -1;
      }
      if (database < 0) {
        throw new IllegalArgumentException(
            "the path of a Redis URL is the database number, such as /0, was: /" + db);
      }
    }
    return new RedisUrl(host, port, user, password, database, tls);
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
    return (tls ? "rediss://" : "redis://")
        + (user == null && password == null ? "" : (user == null ? "" : user) + ":***@")
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
        + ":" + port + "/" + database;
  }
}
