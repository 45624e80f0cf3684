package dev.lightcache.samples.frameworks.micronaut;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The application's Micrometer registry in the test, as Micronaut's Micrometer module provides one. */
@Factory
class RegistryFactory {

  @Singleton
  MeterRegistry registry() {
    return new SimpleMeterRegistry();
  }
}
