package dev.lightcache.processor;

import java.util.Map;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * Reports messages on the element, annotation and annotation value at fault, and remembers whether
 * the current interface had an error (then nothing is generated for it; other interfaces go on).
 */
final class Diagnostics {

  private final Messager messager;
  private boolean errors;

  Diagnostics(Messager messager) {
    this.messager = messager;
  }

  void error(Element element, Message message, Object... args) {
    errors = true;
    messager.printMessage(Kind.ERROR, message.format(args), element);
  }

  void error(Element element, AnnotationMirror annotation, Message message, Object... args) {
    errors = true;
    messager.printMessage(Kind.ERROR, message.format(args), element, annotation);
  }

  /** An error underlining {@code element}'s {@code annotation}'s value of {@code valueName}. */
  void error(
      Element element, AnnotationMirror annotation, String valueName, Message message, Object... args) {
    errors = true;
    AnnotationValue value = valueOf(annotation, valueName);
    if (value == null) {
      messager.printMessage(Kind.ERROR, message.format(args), element, annotation);
    } else {
      messager.printMessage(Kind.ERROR, message.format(args), element, annotation, value);
    }
  }

  /** An error underlining one value inside an annotation's element, such as one entry of an array. */
  void error(
      Element element, AnnotationMirror annotation, AnnotationValue value, Message message, Object... args) {
    errors = true;
    messager.printMessage(Kind.ERROR, message.format(args), element, annotation, value);
  }

  void warning(Element element, Message message, Object... args) {
    messager.printMessage(Kind.WARNING, message.format(args), element);
  }

  /**
   * An error about a method {@code endpoint} inherits from a compiled class, which has no source
   * position: reported on {@code endpoint}, naming the method, with the fix that applies there.
   */
  void error(TypeElement endpoint, Message.Inherited inherited, Message message, Object... args) {
    errors = true;
    messager.printMessage(Kind.ERROR, message.formatInherited(inherited, args), endpoint);
  }

  /** A warning about a method {@code endpoint} inherits from a compiled class, reported on {@code endpoint}. */
  void warning(TypeElement endpoint, Message.Inherited inherited, Message message, Object... args) {
    messager.printMessage(Kind.WARNING, message.formatInherited(inherited, args), endpoint);
  }

  /** Starts a new interface; returns whether the previous one had errors. */
  boolean resetErrors() {
    boolean had = errors;
    errors = false;
    return had;
  }

  boolean hasErrors() {
    return errors;
  }

  static AnnotationMirror annotation(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return mirror;
      }
    }
    return null;
  }

  /** The explicitly written value of {@code name}, or {@code null} when the default applies. */
  static AnnotationValue valueOf(AnnotationMirror annotation, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }
}
