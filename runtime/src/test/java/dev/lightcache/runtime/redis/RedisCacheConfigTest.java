package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisCacheConfigTest {

  @Test
  void defaultsAreBounded() {
    RedisCacheConfig config = RedisCacheConfig.defaults();

    assertEquals("lightcache:", config.prefix());
    assertEquals(Duration.ofSeconds(2), config.connectTimeout());
    assertEquals(Duration.ofSeconds(1), config.readTimeout());
    assertEquals(Duration.ofSeconds(1), config.poolMaxWait());
    assertEquals(Duration.ofMinutes(5), config.defaultExpiration());
    assertEquals(1024 * 1024, config.maxValueBytes());
    assertEquals(Duration.ofSeconds(2), config.closeTimeout());
  }

  @Test
  void toBuilderKeepsEverySetting() {
    RedisCacheConfig config =
        RedisCacheConfig.builder()
            .prefix("shop:")
            .defaultExpiration(Duration.ofSeconds(30))
            .connectTimeout(Duration.ofMillis(300))
            .readTimeout(Duration.ofMillis(200))
            .poolSize(3)
            .poolMaxWait(Duration.ofMillis(50))
            .failureThreshold(2)
            .openDuration(Duration.ofSeconds(9))
            .asyncThreads(2)
            .asyncQueueCapacity(7)
            .scanBatchSize(11)
            .maxValueBytes(13)
            .closeTimeout(Duration.ofMillis(17))
            .build();

    assertEquals(config.toString(), config.toBuilder().build().toString());
  }

  @Test
  void rejectsSettingsThatWouldBreakTheGuarantees() {
    RedisCacheConfig.Builder builder = RedisCacheConfig.builder();

    assertThrows(IllegalArgumentException.class, () -> builder.prefix(""));
    assertThrows(IllegalArgumentException.class, () -> builder.defaultExpiration(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.readTimeout(Duration.ofNanos(10)));
    assertThrows(IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ofDays(365)));
    assertThrows(IllegalArgumentException.class, () -> builder.poolSize(0));
    assertThrows(IllegalArgumentException.class, () -> builder.failureThreshold(0));
    assertThrows(IllegalArgumentException.class, () -> builder.asyncQueueCapacity(0));
    assertThrows(IllegalArgumentException.class, () -> builder.maxValueBytes(0));
    assertThrows(IllegalArgumentException.class, () -> builder.closeTimeout(Duration.ZERO));
  }
}
