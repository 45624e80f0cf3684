/**
 * Lightcache's annotations: {@code @Cached}, {@code @NotCached}, {@code @CacheKey} and
 * {@code @Invalidates}. They are read by the processor at compile time and kept in class files (retention
 * {@code CLASS}), never read at run time, so a module may require this one {@code static}.
 */
module dev.lightcache.annotations {
  exports dev.lightcache.annotations;
}
