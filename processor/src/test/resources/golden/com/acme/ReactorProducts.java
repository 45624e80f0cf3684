package com.acme;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PutExchange;
import dev.lightcache.annotations.Cached;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A Spring {@code @HttpExchange} client over WebClient. */
@Cached(expirationSeconds = 60)
@HttpExchange("/products")
public interface ReactorProducts {
    @GetExchange("/{id}")
    Mono<Product> get(@PathVariable long id);

    @GetExchange
    Flux<Product> search(@RequestParam String name);

    @GetExchange("/{id}/details")
    Mono<ResponseEntity<Product>> details(@PathVariable long id);

    @PutExchange("/{id}")
    Mono<Product> update(@PathVariable long id, @RequestBody Product product);

    @DeleteExchange("/{id}")
    Mono<Void> delete(@PathVariable long id);
}
