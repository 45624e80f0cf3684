/**
 * Adapters between the engine and reactive return types, called by generated proxies: one class per
 * library ({@link ReactorCalls}, {@link MutinyCalls}, {@link RxJava3Calls}, {@link RxJava2Calls},
 * {@link ReactiveStreamsCalls}). Each class names its library's types, so it is loaded only by a proxy
 * whose interface returns them: the libraries are optional dependencies of the runtime, and the user's
 * build has the one its interfaces use.
 *
 * <p>Cached calls: the returned publisher is lazy; each subscription reads the cache, joins the load in
 * flight or starts one ({@link dev.lightcache.runtime.internal.ProxyEngine#getAsync}), so the delegate's
 * publisher is subscribed once per load. Single-value types store the emitted value, multi-value types
 * the list of elements. Invalidating calls: the invalidation runs when the delegate's publisher
 * completes, before the subscriber hears of it, and also when the subscriber cancels (the write may have
 * reached the server).
 *
 * <p>Not an API: only generated code calls it.
 */
@NullMarked
package dev.lightcache.runtime.internal.reactive;

import org.jspecify.annotations.NullMarked;
