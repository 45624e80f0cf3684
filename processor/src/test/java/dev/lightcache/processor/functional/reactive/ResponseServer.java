package dev.lightcache.processor.functional.reactive;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server side of the response tests: counts requests per method and answers each with the next
 * status queued by {@link #answer}, or 200 once the queue is empty.
 */
final class ResponseServer {
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();

  /** The statuses of the next requests, in order. */
  void answer(int... next) {
    for (int status : next) {
      statuses.add(status);
    }
  }

  /** Counts one request of {@code method}; returns its status. */
  int request(String method) {
    requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    Integer status = statuses.poll();
    return status == null ? 200 : status;
  }

  /** The number of requests of {@code method} so far. */
  int requests(String method) {
    return requests.computeIfAbsent(method, m -> new AtomicInteger()).get();
  }

  /** The number of requests of {@code method} so far, counting this one: the body names it. */
  String body(String method, long id) {
    return "item " + id + " #" + requests(method);
  }
}
