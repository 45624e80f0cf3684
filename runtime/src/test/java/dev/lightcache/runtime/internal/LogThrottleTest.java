package dev.lightcache.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

  @Test
  void letsOneLinePerSlotThroughAndCountsTheRest() throws InterruptedException {
    LogThrottle throttle = new LogThrottle(2, TimeUnit.MILLISECONDS.toNanos(200));
    assertEquals(0, throttle.tryLog(0), "the first line goes through");
    assertEquals(-1, throttle.tryLog(0));
    assertEquals(-1, throttle.tryLog(0));
    assertEquals(0, throttle.tryLog(1), "slots are independent");
    Thread.sleep(250);
    assertEquals(2, throttle.tryLog(0), "the next line says how many were held back");
    assertEquals(-1, throttle.tryLog(0));
  }
}
