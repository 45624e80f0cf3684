package dev.lightcache.processor;

import static dev.lightcache.processor.AnnotationValues.asList;
import static dev.lightcache.processor.AnnotationValues.stringValue;
import static dev.lightcache.processor.AnnotationValues.value;

import com.palantir.javapoet.ClassName;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads an interface's {@code @Cached} into {@link EndpointSettings}, and a method's expiration,
 * reporting invalid values (a non-positive expiration, unknown verbs, a backend or strategy class that
 * cannot be built) on the annotation value at fault.
 */
final class SettingsReader {

  static final long DEFAULT_EXPIRATION = 300;

  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;

  SettingsReader(Elements elements, Types types, Diagnostics diagnostics) {
    this.elements = elements;
    this.types = types;
    this.diagnostics = diagnostics;
  }

  EndpointSettings read(TypeElement type) {
    AnnotationMirror cached = Diagnostics.annotation(type, EndpointReader.CACHED);
    if (cached == null) {
      return new EndpointSettings(
          null,
          type.getQualifiedName().toString(),
          1,
          DEFAULT_EXPIRATION,
          Set.of("GET"),
          false,
          Optional.empty(),
          Optional.empty());
    }
    String namespace = stringValue(cached, "namespace", "");
    if (namespace.isEmpty()) {
      namespace = type.getQualifiedName().toString();
    }
    int version = (Integer) value(cached, "version", 1);
    long expiration = expiration(type, cached, DEFAULT_EXPIRATION);
    Set<String> methods = verbs(type, cached);
    boolean cacheNulls = (Boolean) value(cached, "cacheNulls", false);
    Optional<ClassName> cacheClass = classValue(type, cached, "cache", EndpointReader.CACHE_SPI, "InMemoryCache");
    Optional<ClassName> invalidationClass =
        classValue(type, cached, "invalidation", EndpointReader.INVALIDATION_SPI, "StandardInvalidation");
    return new EndpointSettings(
        cached, namespace, version, expiration, methods, cacheNulls, cacheClass, invalidationClass);
  }

  private long expiration(Element element, AnnotationMirror cached, long inherited) {
    long expiration = expirationValue(cached, inherited);
    if (expiration <= 0) {
      diagnostics.error(element, cached, "expirationSeconds", Message.EXPIRATION_NOT_POSITIVE, expiration);
      return DEFAULT_EXPIRATION;
    }
    return expiration;
  }

  /** A method's expiration: its {@code @Cached(expirationSeconds)}, else the interface's. */
  long expiration(MethodSite site, AnnotationMirror cached, long inherited) {
    long expiration = expirationValue(cached, inherited);
    if (expiration <= 0) {
      site.error(cached, "expirationSeconds", Message.EXPIRATION_NOT_POSITIVE, expiration);
      return DEFAULT_EXPIRATION;
    }
    return expiration;
  }

  private static long expirationValue(AnnotationMirror cached, long inherited) {
    return ((Number) value(cached, "expirationSeconds", inherited)).longValue();
  }

  private Set<String> verbs(Element element, AnnotationMirror cached) {
    AnnotationValue value = Diagnostics.valueOf(cached, "methods");
    if (value == null) {
      return Set.of("GET");
    }
    Set<String> verbs = new LinkedHashSet<>();
    for (Object item : asList(value)) {
      String verb = ((String) ((AnnotationValue) item).getValue()).trim().toUpperCase(Locale.ROOT);
      if (!Verbs.KNOWN.contains(verb)) {
        diagnostics.error(
            element,
            cached,
            (AnnotationValue) item,
            Message.METHODS_UNKNOWN_VERB,
            ((AnnotationValue) item).getValue(),
            "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      }
      verbs.add(verb);
    }
    if (verbs.isEmpty()) {
      diagnostics.error(element, cached, "methods", Message.METHODS_EMPTY);
    }
    return verbs;
  }

  /**
   * A {@code Class<?>} element naming a backend or strategy: empty for the default ({@code
   * Cached.class}), else the class after checking it can be built with {@code new X()}.
   */
  private Optional<ClassName> classValue(
      Element element, AnnotationMirror cached, String name, String spi, String builtIn) {
    AnnotationValue value = Diagnostics.valueOf(cached, name);
    if (value == null || !(value.getValue() instanceof DeclaredType declared)) {
      return Optional.empty();
    }
    TypeElement chosen = (TypeElement) declared.asElement();
    String qualified = chosen.getQualifiedName().toString();
    if (qualified.equals(EndpointReader.CACHED)) {
      return Optional.empty();
    }
    ClassProblem problem = classProblem(chosen, spi, name);
    if (problem != null) {
      String simple = chosen.getSimpleName().toString();
      diagnostics.error(
          element,
          cached,
          name,
          Message.CLASS_VALUE_INVALID,
          name,
          simple,
          qualified,
          problem.fact(),
          spi,
          simple,
          problem.fix() + ", or use the built-in " + builtIn + ".");
      return Optional.empty();
    }
    return Optional.of(ClassName.get(chosen));
  }

  /** What is wrong with a class named by {@code cache} or {@code invalidation}, and what to do. */
  private record ClassProblem(String fact, String fix) {}

  private ClassProblem classProblem(TypeElement chosen, String spi, String name) {
    TypeElement spiType = elements.getTypeElement(spi);
    String simple = chosen.getSimpleName().toString();
    if (chosen.getKind() != ElementKind.CLASS) {
      return new ClassProblem(
          "is " + kindName(chosen) + ", not a class", "name a class that implements " + spi);
    }
    if (spiType == null || !types.isAssignable(types.erasure(chosen.asType()), types.erasure(spiType.asType()))) {
      return new ClassProblem("does not implement " + spi, "make " + simple + " implement " + spi);
    }
    if (!chosen.getModifiers().contains(Modifier.PUBLIC)) {
      return new ClassProblem("is not public", "make " + simple + " public");
    }
    if (chosen.getModifiers().contains(Modifier.ABSTRACT)) {
      return new ClassProblem(
          "is abstract", "make " + simple + " concrete, or name a concrete subclass of it");
    }
    if (chosen.getNestingKind().isNested() && !chosen.getModifiers().contains(Modifier.STATIC)) {
      return new ClassProblem(
          "is an inner class that needs an enclosing instance", "make " + simple + " static");
    }
    for (Element e = chosen.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        String enclosing = ((TypeElement) e).getSimpleName().toString();
        return new ClassProblem(
            "is nested in " + enclosing + ", which is not public", "make " + enclosing + " public");
      }
    }
    boolean constructor = false;
    for (ExecutableElement c : ElementFilter.constructorsIn(chosen.getEnclosedElements())) {
      if (c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC)) {
        constructor = true;
      }
    }
    return constructor
        ? null
        : new ClassProblem(
            "has no public no-arg constructor",
            "give " + simple + " a public no-arg constructor, or remove " + name + " = " + simple
                + ".class and pass an instance to the generated builder's " + name + "(...)");
  }

  private static String kindName(Element element) {
    return switch (element.getKind()) {
      case INTERFACE -> "an interface";
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      case CLASS -> "a class";
      default -> "a " + element.getKind().toString().toLowerCase(Locale.ROOT);
    };
  }
}
