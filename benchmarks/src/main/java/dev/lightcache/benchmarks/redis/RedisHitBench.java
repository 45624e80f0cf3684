package dev.lightcache.benchmarks.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightcache.benchmarks.contenders.Settings;
import dev.lightcache.benchmarks.model.CachedProductEndpoint;
import dev.lightcache.benchmarks.model.KeySpace;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductBackend;
import dev.lightcache.runtime.redis.DefaultRedisCache;
import dev.lightcache.runtime.redis.JacksonCodec;
import dev.lightcache.runtime.redis.RedisCacheConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.RedisClient;

/**
 * The Redis hit path: the generated proxy over {@link DefaultRedisCache} against a raw Jedis {@code
 * GET} plus a Jackson decode of the same entry, on the same client (one {@link RedisClient} pool) and
 * the same {@link ObjectMapper}. Values of about 100 B and 1 KB of JSON.
 *
 * <p>Starts its own {@code redis-server} (see {@link RedisServer}) unless {@code
 * LIGHTCACHE_BENCH_REDIS_URL} names one ({@code redis://host:port}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RedisHitBench {

  /** Who reads the entry. */
  public enum Reader {
    /** {@code CachedProductEndpoint} over {@code DefaultRedisCache}. */
    GENERATED,
    /** {@code GET} on the same client, then {@code ObjectMapper.readValue}. */
    RAW_JEDIS
  }

  @Param({"GENERATED", "RAW_JEDIS"})
  public Reader reader;

  /** Approximate size of one encoded value, in bytes. */
  @Param({"100", "1024"})
  public int valueBytes;

  private static final int KEYS = 256;

  private RedisServer server;
  private RedisClient client;
  private DefaultRedisCache cache;
  private ObjectMapper mapper;
  private CachedProductEndpoint proxy;
  private KeySpace keys;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String url = System.getenv("LIGHTCACHE_BENCH_REDIS_URL");
    if (url == null || url.isBlank()) {
      server = RedisServer.start();
      client = RedisClient.create("127.0.0.1", server.port());
    } else {
      URI uri = URI.create(url.trim());
      client = RedisClient.create(uri.getHost(), uri.getPort());
    }
    mapper = JacksonCodec.newDefaultMapper();
    int overhead = mapper.writeValueAsBytes(new Product(0, "product-0", 99, "")).length;
    ProductBackend backend = new ProductBackend(valueBytes - overhead);
    cache = new DefaultRedisCache(client, new JacksonCodec(mapper));
    cache.flush();
    proxy = CachedProductEndpoint.wrap(backend, cache);

    keys = KeySpace.sequential(KEYS);
    for (int n = 0; n < keys.size(); n++) {
      int i = keys.advance();
      long id = keys.id(i);
      proxy.get(id); // miss: the proxy stores the entry
    }
    long calls = backend.calls();
    for (int n = 0; n < keys.size(); n++) {
      int i = keys.advance();
      Product viaProxy = proxy.get(keys.id(i));
      Product raw = rawGet(i);
      if (!viaProxy.equals(raw) || !raw.equals(backend.get(keys.id(i)))) {
        throw new IllegalStateException("raw and proxied reads differ for " + keys.id(i));
      }
    }
    if (backend.calls() != calls + keys.size()) {
      throw new IllegalStateException("the proxy missed on a warm Redis cache: not a hit path");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    cache.flush();
    cache.close();
    client.close();
    if (server != null) {
      server.close();
    }
  }

  /** What a hand-written reader does: the same key text, GET, decode. */
  private Product rawGet(int i) throws IOException {
    String key = RedisCacheConfig.DEFAULT_PREFIX + Settings.PREFIX_GET1 + keys.id(i);
    byte[] bytes = client.get(key.getBytes(StandardCharsets.UTF_8));
    return mapper.readValue(bytes, Product.class);
  }

  @Benchmark
  public Product hit() throws IOException {
    int i = keys.advance();
    return reader == Reader.GENERATED ? proxy.get(keys.id(i)) : rawGet(i);
  }
}
