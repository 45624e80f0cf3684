/**
 * The plain, immutable model of an endpoint that the reader builds from elements and the writer turns
 * into code. Nothing here refers to a {@code javax.lang.model} element except the originating element,
 * which the writer only hands to the filer.
 *
 * <p>Not an API: internal to the processor, and left out of its javadoc. The processor's only public
 * entry point is {@link dev.lightcache.processor.CachedProcessor}, which javac loads.
 */
package dev.lightcache.processor.model;
