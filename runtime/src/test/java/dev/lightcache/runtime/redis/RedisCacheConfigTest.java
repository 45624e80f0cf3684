package dev.lightcache.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
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

  @Test
  void noTlsSettingsByDefault() {
    RedisCacheConfig config = RedisCacheConfig.defaults();

    assertFalse(config.hasTlsSettings());
    assertEquals(Optional.empty(), config.trustStore());
    assertEquals(Optional.empty(), config.keyStore());
    assertEquals(Optional.empty(), config.sslContext());
  }

  @Test
  void anSslContextCannotBeCombinedWithAStore() throws Exception {
    SSLContext context = SSLContext.getDefault();
    Path store = Path.of("store.p12");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RedisCacheConfig.builder().sslContext(context).trustStore(store, null).build());
    assertTrue(e.getMessage().contains("either sslContext or trustStore/keyStore"), e.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> RedisCacheConfig.builder().keyStore(store, null).sslContext(context).build());

    RedisCacheConfig withContext = RedisCacheConfig.builder().sslContext(context).build();
    assertTrue(withContext.hasTlsSettings());
    assertEquals(Optional.of(context), withContext.sslContext());
    assertThrows(
        IllegalStateException.class, () -> withContext.toBuilder().trustStore(store, null).build());
  }

  @Test
  void storesKeepACopyOfTheirPasswordAndNeverShowIt() {
    char[] trustPassword = "trust-hunter2".toCharArray();
    char[] keyPassword = "key-hunter2".toCharArray();
    RedisCacheConfig config =
        RedisCacheConfig.builder()
            .trustStore(Path.of("/etc/lightcache/trust.p12"), trustPassword)
            .keyStore(Path.of("/etc/lightcache/client.p12"), keyPassword)
            .build();
    Arrays.fill(trustPassword, '\0'); // the caller clears its arrays once done
    Arrays.fill(keyPassword, '\0');

    assertTrue(config.hasTlsSettings());
    assertEquals(Optional.of(Path.of("/etc/lightcache/trust.p12")), config.trustStore());
    assertEquals(Optional.of(Path.of("/etc/lightcache/client.p12")), config.keyStore());
    assertArrayEquals("trust-hunter2".toCharArray(), config.trustStoreFile().password());
    assertArrayEquals("key-hunter2".toCharArray(), config.keyStoreFile().password());
    assertEquals("PKCS12", config.trustStoreFile().type());

    for (String text :
        new String[] {
          config.toString(),
          config.toBuilder().build().toString(),
          config.trustStoreFile().toString(),
          config.keyStoreFile().toString()
        }) {
      assertFalse(text.contains("hunter2"), text);
    }
    assertTrue(config.toString().contains("trustStore=/etc/lightcache/trust.p12 (PKCS12)"), config.toString());
    assertTrue(config.toString().contains("keyStore=/etc/lightcache/client.p12 (PKCS12)"), config.toString());
  }
}
