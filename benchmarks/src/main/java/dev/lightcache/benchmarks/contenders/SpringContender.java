package dev.lightcache.benchmarks.contenders;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lightcache.benchmarks.model.Product;
import dev.lightcache.benchmarks.model.ProductEndpoint;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's declarative caching as most applications use it: {@code @EnableCaching}, a
 * {@link CaffeineCacheManager}, and {@code @Cacheable} on the bean's methods with the default key
 * generator. The bean implements the interface, so Spring proxies it with a JDK interface proxy (its
 * default outside Spring Boot).
 */
final class SpringContender {

  private SpringContender() {}

  /** What the context needs from the benchmark. */
  record Inputs(ProductEndpoint delegate, long maximumSize) {}

  /** The cached bean. */
  static class CachingProductService implements ProductEndpoint {
    private final ProductEndpoint delegate;

    CachingProductService(ProductEndpoint delegate) {
      this.delegate = delegate;
    }

    @Override
    @Cacheable("featured")
    public Product get() {
      return delegate.get();
    }

    @Override
    @Cacheable("byId")
    public Product get(long id) {
      return delegate.get(id);
    }

    @Override
    @Cacheable("byIdRegionVersion")
    public Product get(long id, String region, int version) {
      return delegate.get(id, region, version);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Config {
    @Bean
    CacheManager cacheManager(Inputs inputs) {
      CaffeineCacheManager manager = new CaffeineCacheManager();
      manager.setCaffeine(
          Caffeine.newBuilder()
              .maximumSize(inputs.maximumSize())
              .expireAfterWrite(Settings.EXPIRATION));
      return manager;
    }

    @Bean
    ProductEndpoint products(Inputs inputs) {
      return new CachingProductService(inputs.delegate());
    }
  }

  static Contender.Instance create(ProductEndpoint delegate, long maximumSize) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(Inputs.class, () -> new Inputs(delegate, maximumSize));
    context.register(Config.class);
    context.refresh();
    ProductEndpoint endpoint = context.getBean("products", ProductEndpoint.class);
    if (!java.lang.reflect.Proxy.isProxyClass(endpoint.getClass())) {
      throw new IllegalStateException("expected a Spring caching proxy, got " + endpoint.getClass());
    }
    return new Contender.Instance(endpoint, context::close);
  }
}
