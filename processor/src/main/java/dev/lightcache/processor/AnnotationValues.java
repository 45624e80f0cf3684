package dev.lightcache.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/** Reads the values written in an annotation, with defaults for the ones left out. */
final class AnnotationValues {

  private AnnotationValues() {}

  static Object value(AnnotationMirror annotation, String name, Object defaultValue) {
    AnnotationValue value = Diagnostics.valueOf(annotation, name);
    return value == null ? defaultValue : value.getValue();
  }

  static String stringValue(AnnotationMirror annotation, String name, String defaultValue) {
    return (String) value(annotation, name, defaultValue);
  }

  /** The items of an array value; a single value written without braces is a list of one. */
  @SuppressWarnings("unchecked")
  static List<Object> asList(AnnotationValue value) {
    Object v = value.getValue();
    return v instanceof List<?> list ? (List<Object>) list : List.of(value);
  }
}
