package dev.lightcache.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method invalidate cache entries after it returns normally (not when it throws).
 *
 * <ul>
 *   <li>{@code @Invalidates} with no names: every entry of the endpoint.
 *   <li>{@code @Invalidates({"get", "list"})}: the entries of those cached methods. For a target whose
 *       key parameters all appear in this method by name and type, exactly that one entry; otherwise
 *       every entry of that target method.
 * </ul>
 *
 * <p>A name that is not a cached method of the interface is a compile error, and so is {@code
 * Invalidates} on a cached method.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Invalidates {

  /**
   * Names of the cached methods whose entries are invalidated; empty for every entry of the endpoint.
   *
   * @return method names
   */
  String[] value() default {};
}
