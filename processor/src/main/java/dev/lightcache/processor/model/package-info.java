/**
 * The plain, immutable model of an endpoint that the reader builds from elements and the writer turns
 * into code. Nothing here refers to a {@code javax.lang.model} element except the originating element,
 * which the writer only hands to the filer.
 */
package dev.lightcache.processor.model;
