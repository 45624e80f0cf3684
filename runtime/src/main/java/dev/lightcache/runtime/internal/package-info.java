/**
 * Support called by generated proxies: keys, method descriptors, single-flight loading, invalidation
 * and statistics. Not an API: only generated code calls it, and it may change between releases together
 * with the processor that writes that code.
 */
@NullMarked
package dev.lightcache.runtime.internal;

import org.jspecify.annotations.NullMarked;
