package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcache.runtime.redis.DefaultRedisCache.CircuitState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private static final long OPEN_NANOS = 1_000;

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final List<String> transitions = new ArrayList<>();
  private final CircuitBreaker breaker =
      new CircuitBreaker(
          3,
          OPEN_NANOS,
          clock::get,
          new CircuitBreaker.Listener() {
            @Override
            public void opened(int consecutiveFailures, boolean probeFailed) {
              transitions.add((probeFailed ? "reopened after " : "opened after ") + consecutiveFailures);
            }

            @Override
            public void closed() {
              transitions.add("closed");
            }
          });

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertTrue(breaker.allowsCalls());
      breaker.onFailure();
    }
  }

  @Test
  void opensAfterThresholdConsecutiveFailuresOnly() {
    fail(2);
    breaker.onSuccess(); // resets the count
    fail(2);
    assertEquals(CircuitState.CLOSED, breaker.state());

    fail(1);

    assertEquals(CircuitState.OPEN, breaker.state());
    assertFalse(breaker.allowsCalls());
    assertEquals(List.of("opened after 3"), transitions);
  }

  @Test
  void callersNeverProbeOnlyTheTimerDoesOnceTheDurationHasPassed() {
    fail(3);

    assertEquals(OPEN_NANOS, breaker.nanosUntilProbe());
    assertFalse(breaker.tryProbe());
    clock.addAndGet(OPEN_NANOS - 1);
    assertFalse(breaker.tryProbe());
    assertFalse(breaker.allowsCalls());
    clock.addAndGet(1);
    assertFalse(breaker.allowsCalls(), "a due breaker still refuses callers");
    assertEquals(0, breaker.nanosUntilProbe());

    assertTrue(breaker.tryProbe());

    assertEquals(CircuitState.HALF_OPEN, breaker.state());
    assertFalse(breaker.tryProbe(), "exactly one probe");
    assertFalse(breaker.allowsCalls());
  }

  @Test
  void aCallersSuccessWhileOpenDoesNotCloseIt() {
    fail(3);
    clock.addAndGet(OPEN_NANOS);

    breaker.onSuccess(); // a call that started before the breaker opened

    assertEquals(CircuitState.OPEN, breaker.state());
  }

  @Test
  void aSuccessfulProbeClosesIt() {
    fail(3);
    clock.addAndGet(OPEN_NANOS);
    assertTrue(breaker.tryProbe());

    breaker.probeSucceeded();

    assertEquals(CircuitState.CLOSED, breaker.state());
    assertTrue(breaker.allowsCalls());
    assertEquals(Long.MAX_VALUE, breaker.nanosUntilProbe());
    assertEquals(List.of("opened after 3", "closed"), transitions);
  }

  @Test
  void aFailedProbeOpensItForAnotherFullPeriod() {
    fail(3);
    clock.addAndGet(OPEN_NANOS);
    assertTrue(breaker.tryProbe());

    breaker.probeFailed();

    assertEquals(CircuitState.OPEN, breaker.state());
    assertEquals(List.of("opened after 3", "reopened after 4"), transitions);
    clock.addAndGet(OPEN_NANOS - 1);
    assertFalse(breaker.tryProbe());
    clock.addAndGet(1);
    assertTrue(breaker.tryProbe());
  }
}
