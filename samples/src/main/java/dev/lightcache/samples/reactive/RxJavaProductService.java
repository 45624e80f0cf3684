package dev.lightcache.samples.reactive;

import dev.lightcache.annotations.Cached;
import dev.lightcache.samples.quickstart.Product;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import java.util.List;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * A Retrofit service with RxJava 3 returns. In an application Retrofit implements it, with the RxJava 3
 * call adapter: {@code new Retrofit.Builder().baseUrl(url).addCallAdapterFactory(RxJava3CallAdapterFactory.create())
 * ...build().create(RxJavaProductService.class)}; the sample uses {@link RxJavaSample.FakeService}.
 */
// tag::client[]
@Cached(expirationSeconds = 60)
public interface RxJavaProductService {
  @GET("products/{id}")
  Single<Product> get(@Path("id") long id);              // GET: caches the value

  @GET("products")
  Single<List<Product>> list(@Query("page") int page);   // GET: caches the value, a list

  @DELETE("products/{id}")
  Completable delete(@Path("id") long id);               // DELETE: invalidates when it completes
}
// end::client[]
