// tag::module[]
module dev.lightcache.samples.modular {
  // @Cached and the other annotations are read at compile time only.
  requires static dev.lightcache.annotations;
  // Generated proxies call the runtime.
  requires dev.lightcache.runtime;

  // The runtime's optional libraries, for the parts this module uses: Redis and Micrometer.
  requires redis.clients.jedis;
  // Jedis's connection pool. Jedis has no module descriptor (it is an automatic module), so it cannot
  // require the explicit modules it uses: its user does.
  requires org.apache.commons.pool2;
  requires com.fasterxml.jackson.databind;
  requires micrometer.core;

  // Cached values go to Redis as JSON: Jackson reads and writes these types by reflection.
  opens dev.lightcache.samples.modular to com.fasterxml.jackson.databind;
}
// end::module[]
