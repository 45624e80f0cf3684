package com.acme;

import dev.lightcache.annotations.CacheKey;
import dev.lightcache.annotations.Cached;
import dev.lightcache.annotations.Invalidates;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

@Cached(expirationSeconds = 120, namespace = "orders", version = 3)
@Path("/orders")
public interface OrderResource {
    @GET
    @Path("/{id}")
    Product order(@PathParam("id") @CacheKey long id, @PathParam("trace") String traceId);

    @GET
    List<Product> all();

    @GET
    @Path("/export")
    Response export();

    @PUT
    @Invalidates({"order"})
    void update(@PathParam("id") long id, Product body);

    @POST
    Product create(Product body);

    @DELETE
    void removeAll();

    @Path("/items")
    ItemsResource items();

    interface ItemsResource {}
}
