package dev.lightcache.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class written by the Lightcache annotation processor. Retained in class files so that
 * coverage tools (which skip classes annotated with a retained {@code *Generated} annotation) leave
 * generated proxies out of reports.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface LightcacheGenerated {

  /**
   * The interface the class was generated from.
   *
   * @return its qualified name
   */
  String value();
}
