package dev.lightcache.samples.frameworks.spring;

import dev.lightcache.runtime.micrometer.LightcacheMetrics;
import dev.lightcache.samples.quickstart.CachedProductEndpoint;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * The Spring Boot recipe, quoted by {@code docs/frameworks.md}: an ordinary bean ({@link ProductService})
 * and an HTTP service client ({@link ProductClient}) each wrapped in its generated proxy, and the
 * proxies' meters declared as {@link MeterBinder} beans, which Boot binds to the registry it configures.
 * {@code CatalogueApplicationTest} starts it against a real HTTP server.
 */
@SpringBootApplication
public class CatalogueApplication {

  // tag::bean[]
  @Bean
  @Primary // ProductService is a ProductEndpoint too: where one is injected, this one is
  CachedProductEndpoint products(ProductService service) { // the delegate by its class: one candidate
    return CachedProductEndpoint.wrap(service);
  }
  // end::bean[]

  // tag::client[]
  @Bean
  CachedProductClient productClient(@Value("${catalogue.url}") String url) {
    RestClient rest = RestClient.builder().baseUrl(url).build();
    ProductClient http =
        HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest))
            .build()
            .createClient(ProductClient.class);
    return CachedProductClient.wrap(http); // Spring's client is no bean: one ProductClient, the cached
  }
  // end::client[]

  // tag::metrics[]
  @Bean
  MeterBinder productMetrics(CachedProductEndpoint products) {
    return LightcacheMetrics.of(products);
  }

  @Bean
  MeterBinder productClientMetrics(CachedProductClient productClient) {
    return LightcacheMetrics.of(productClient);
  }
  // end::metrics[]
}
