package dev.lightcache.processor;

import dev.lightcache.processor.model.Verb;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Reads a method's HTTP verb: from an HTTP annotation of JAX-RS, Retrofit, Micronaut, Spring or
 * OpenFeign (recognised by qualified name, none of them on the processor path), else from its name.
 */
final class Verbs {

  static final Set<String> KNOWN =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private static final List<String> JAX_RS = List.of("jakarta.ws.rs.", "javax.ws.rs.");
  private static final String RETROFIT = "retrofit2.http.";
  private static final String MICRONAUT = "io.micronaut.http.annotation.";
  private static final String SPRING_WEB = "org.springframework.web.bind.annotation.";
  private static final String SPRING_EXCHANGE = "org.springframework.web.service.annotation.";
  private static final String FEIGN_REQUEST_LINE = "feign.RequestLine";

  /** Name prefixes in the order they are tried; each counts only at a word boundary. */
  private static final Map<String, String> PREFIXES =
      orderedMap(
          "get", "GET", "find", "GET", "list", "GET", "search", "GET", "fetch", "GET", "load", "GET",
          "read", "GET", "query", "GET", "count", "GET", "exists", "GET", "head", "HEAD",
          "create", "POST", "add", "POST", "post", "POST", "save", "POST", "insert", "POST",
          "update", "PUT", "put", "PUT", "replace", "PUT", "set", "PUT",
          "patch", "PATCH", "delete", "DELETE", "remove", "DELETE");

  private Verbs() {}

  /**
   * The verb of a method: from its own HTTP annotation; else, when it has no JAX-RS {@code @Path}
   * either, from an HTTP annotation of a declaration it overrides (a redeclaration that only adds
   * Lightcache annotations keeps the library's verb); else from its name.
   *
   * @param overridden the declarations {@code method} overrides, nearest first
   */
  static Verb of(ExecutableElement method, List<ExecutableElement> overridden) {
    Verb own = fromAnnotations(method);
    if (own != null) {
      return own;
    }
    for (ExecutableElement declaration : overridden) {
      Verb inherited = fromAnnotations(declaration);
      if (inherited != null) {
        String where = " on " + declaration.getEnclosingElement().getSimpleName() + "." + declaration.getSimpleName() + "()";
        return inherited.isPresent()
            ? new Verb(inherited.name(), inherited.source() + where)
            : Verb.none(inherited.source() + where);
      }
    }
    return fromName(method.getSimpleName().toString());
  }

  /** The verb of a method's HTTP annotation; none for a sub-resource locator; null without either. */
  private static Verb fromAnnotations(ExecutableElement method) {
    boolean jaxRsPath = false;
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      String name =
          ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
      String verb = fromAnnotation(name, mirror);
      if (verb != null) {
        return new Verb(verb, "@" + name);
      }
      if (name.equals("jakarta.ws.rs.Path") || name.equals("javax.ws.rs.Path")) {
        jaxRsPath = true;
      }
    }
    return jaxRsPath
        ? Verb.none("a JAX-RS sub-resource locator (@Path without an HTTP method annotation)")
        : null;
  }

  private static String fromAnnotation(String name, AnnotationMirror mirror) {
    for (String jaxRs : JAX_RS) {
      if (name.startsWith(jaxRs) && KNOWN.contains(name.substring(jaxRs.length()))) {
        return name.substring(jaxRs.length());
      }
    }
    if (name.startsWith(RETROFIT)) {
      String simple = name.substring(RETROFIT.length());
      if (KNOWN.contains(simple)) {
        return simple;
      }
      if (simple.equals("HTTP")) {
        return upperOrNull(stringValue(mirror, "method"));
      }
    }
    if (name.startsWith(MICRONAUT)) {
      String upper = name.substring(MICRONAUT.length()).toUpperCase(Locale.ROOT);
      return KNOWN.contains(upper) ? upper : null;
    }
    if (name.startsWith(SPRING_WEB)) {
      String simple = name.substring(SPRING_WEB.length());
      if (simple.equals("RequestMapping")) {
        return firstEnumName(mirror, "method");
      }
      return suffixed(simple, "Mapping");
    }
    if (name.startsWith(SPRING_EXCHANGE)) {
      String simple = name.substring(SPRING_EXCHANGE.length());
      if (simple.equals("HttpExchange")) {
        return upperOrNull(stringValue(mirror, "method"));
      }
      return suffixed(simple, "Exchange");
    }
    if (name.equals(FEIGN_REQUEST_LINE)) {
      String line = stringValue(mirror, "value");
      if (line != null) {
        String trimmed = line.trim();
        int space = trimmed.indexOf(' ');
        return upperOrNull(space < 0 ? trimmed : trimmed.substring(0, space));
      }
    }
    return null;
  }

  private static String suffixed(String simple, String suffix) {
    if (simple.endsWith(suffix)) {
      String upper = simple.substring(0, simple.length() - suffix.length()).toUpperCase(Locale.ROOT);
      return KNOWN.contains(upper) ? upper : null;
    }
    return null;
  }

  private static String upperOrNull(String verb) {
    if (verb == null) {
      return null;
    }
    String upper = verb.toUpperCase(Locale.ROOT);
    return KNOWN.contains(upper) ? upper : null;
  }

  private static String stringValue(AnnotationMirror mirror, String element) {
    AnnotationValue value = Diagnostics.valueOf(mirror, element);
    return value != null && value.getValue() instanceof String s ? s : null;
  }

  /** {@code @RequestMapping(method = RequestMethod.GET)} or {@code method = {GET, HEAD}}: the first. */
  private static String firstEnumName(AnnotationMirror mirror, String element) {
    AnnotationValue value = Diagnostics.valueOf(mirror, element);
    if (value == null) {
      return null;
    }
    Object v = value.getValue();
    if (v instanceof List<?> list && !list.isEmpty()) {
      v = ((AnnotationValue) list.get(0)).getValue();
    }
    return v instanceof VariableElement constant
        ? upperOrNull(constant.getSimpleName().toString())
        : null;
  }

  static Verb fromName(String name) {
    for (Map.Entry<String, String> prefix : PREFIXES.entrySet()) {
      if (startsWithWord(name, prefix.getKey())) {
        return new Verb(prefix.getValue(), "the name prefix \"" + prefix.getKey() + "\"");
      }
    }
    return Verb.none("no HTTP annotation, and the name \"" + name + "\" starts with no verb prefix");
  }

  /** {@code get}, {@code getX}, {@code get_x}, {@code get2}; not {@code getaway}. */
  static boolean startsWithWord(String name, String prefix) {
    if (!name.startsWith(prefix)) {
      return false;
    }
    if (name.length() == prefix.length()) {
      return true;
    }
    char next = name.charAt(prefix.length());
    return Character.isUpperCase(next) || next == '_' || next == '$' || Character.isDigit(next);
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
