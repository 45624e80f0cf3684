package dev.lightcache.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameters of a cached method that form its key. When no parameter of a method carries it,
 * every parameter is part of the key; when any does, only those are.
 *
 * <p>A key parameter's type must have a stable text form (primitives and their boxes, {@code String},
 * enums, {@code UUID}, {@code java.time} values, {@code BigInteger}, {@code BigDecimal}, records of
 * these, {@code Optional}, arrays and collections of these, or a type that overrides {@code toString()});
 * anything else is a compile error. On a method that is not cached it is a compile error too.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface CacheKey {}
