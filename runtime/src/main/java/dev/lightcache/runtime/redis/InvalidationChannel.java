package dev.lightcache.runtime.redis;

import dev.lightcache.runtime.redis.PendingInvalidations.Item;
import dev.lightcache.runtime.redis.PendingInvalidations.Kind;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis channel on which the caches of one prefix tell each other's near caches about
 * invalidations: {@code <prefix>__lc:invalidations}.
 *
 * <p><b>Publishing</b> is part of delivering an invalidation: the {@link Invalidator} calls {@link
 * #delivered} after the invalidation reached Redis (log, {@code DEL} or {@code UNLINK}), inside the
 * same guarded call. If {@code PUBLISH} throws, the delivery fails as a whole: it is counted, and an
 * invalidation that failed for a reason that may pass (a timeout, a lost connection) stays pending
 * and is delivered again, publish included, by the cache's timer. So the message follows the removal
 * in Redis: a process that drops its near entry on hearing it and reads Redis again finds the new
 * state.
 *
 * <p><b>A message</b> is UTF-8 text: one letter for the kind ({@code k} key, {@code p} prefix, {@code
 * f} flush, {@code h} heartbeat), the 36 characters of the sender's id (a random UUID per cache
 * instance), then the key or prefix without the cache's prefix (empty for a flush and a heartbeat). A
 * cache skips its own invalidations: it applies them to its near cache itself, when the call
 * returns. A heartbeat invalidates nothing: a quiet subscriber publishes one to find out whether its
 * subscription still delivers (see {@link NearSubscriber}).
 *
 * <p>Pub/sub ignores the database number: caches with the same prefix on two databases of one server
 * hear each other, which only drops near entries needlessly. In a Redis Cluster, classic {@code
 * PUBLISH} reaches the subscribers of every node. Thread-safe.
 */
final class InvalidationChannel implements Invalidator.Listener {

  /** A decoded message: who sent it, and what it invalidates ({@code null} for a heartbeat). */
  record Message(String sender, @Nullable Item item) {}

  private static final int ID_LENGTH = 36;

  private final byte[] name;
  private final String sender = UUID.randomUUID().toString();

  InvalidationChannel(String prefix) {
    this.name = (prefix + FillFence.RESERVED + "invalidations").getBytes(StandardCharsets.UTF_8);
  }

  /** The channel's name. */
  byte[] name() {
    return name.clone();
  }

  /** This cache's id in its messages. */
  String sender() {
    return sender;
  }

  /** Publishes a delivered invalidation; throws what the client throws. */
  @Override
  public void delivered(UnifiedJedis client, Item item) {
    client.publish(name, encode(item));
  }

  /** Publishes a heartbeat; throws what the client throws. */
  void heartbeat(UnifiedJedis client) {
    client.publish(name, ("h" + sender).getBytes(StandardCharsets.UTF_8));
  }

  byte[] encode(Item item) {
    char kind =
        switch (item.kind()) {
          case KEY -> 'k';
          case PREFIX -> 'p';
          case FLUSH -> 'f';
        };
    return (kind + sender + item.text()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a message.
   *
   * @return the message, or {@code null} if it is not one of ours (the receiver then empties its
   *     near cache: whatever it meant, that is never narrower)
   */
  static @Nullable Message decode(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.length() < 1 + ID_LENGTH) {
      return null;
    }
    String sender = text.substring(1, 1 + ID_LENGTH);
    if (text.charAt(0) == 'h') {
      return new Message(sender, null);
    }
    Kind kind =
        switch (text.charAt(0)) {
          case 'k' -> Kind.KEY;
          case 'p' -> Kind.PREFIX;
          case 'f' -> Kind.FLUSH;
          default -> null;
        };
    if (kind == null) {
      return null;
    }
    String rest = text.substring(1 + ID_LENGTH);
    Item item = kind == Kind.FLUSH ? Item.FLUSH : new Item(kind, rest);
    return new Message(sender, item);
  }

  /** Whether this cache sent {@code message}. */
  boolean isOwn(Message message) {
    return sender.equals(message.sender());
  }
}
