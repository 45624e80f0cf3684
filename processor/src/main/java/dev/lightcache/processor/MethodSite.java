package dev.lightcache.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;

/**
 * Where messages about one method of an interface go.
 *
 * <p>A method whose source is part of this compilation (the interface's own, or a supertype's compiled
 * with it) is reported on its own element, parameter, annotation or annotation value. A method
 * inherited from a compiled class (a vendor's jar) has no source position and cannot be edited, so its
 * messages go on the interface that inherits it: they name the method and say how to fix it in that
 * interface, by redeclaring it there.
 */
final class MethodSite {

  private final Diagnostics diagnostics;
  private final ExecutableElement method;
  private final TypeElement endpoint;
  private final Message.Inherited inherited;

  private MethodSite(
      Diagnostics diagnostics, ExecutableElement method, TypeElement endpoint, Message.Inherited inherited) {
    this.diagnostics = diagnostics;
    this.method = method;
    this.endpoint = endpoint;
    this.inherited = inherited;
  }

  /** A method whose source is being compiled: messages point at it. */
  static MethodSite declared(Diagnostics diagnostics, ExecutableElement method) {
    return new MethodSite(diagnostics, method, null, null);
  }

  /**
   * A method that {@code endpoint} inherits from a compiled class: messages point at {@code endpoint}.
   *
   * @param resolved the method's type as a member of {@code endpoint}, for the redeclaration to suggest
   */
  static MethodSite inherited(
      Diagnostics diagnostics, TypeElement endpoint, ExecutableElement method, ExecutableType resolved) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    return new MethodSite(
        diagnostics,
        method,
        endpoint,
        new Message.Inherited(
            endpoint.getSimpleName().toString(),
            Signatures.qualifiedName(method),
            owner.getQualifiedName().toString(),
            Signatures.redeclaration(method, resolved)));
  }

  /** An error about the method. */
  void error(Message message, Object... args) {
    if (inherited != null) {
      diagnostics.error(endpoint, inherited, message, args);
    } else {
      diagnostics.error(method, message, args);
    }
  }

  /** An error about an annotation on the method. */
  void error(AnnotationMirror annotation, Message message, Object... args) {
    if (inherited != null) {
      diagnostics.error(endpoint, inherited, message, args);
    } else {
      diagnostics.error(method, annotation, message, args);
    }
  }

  /** An error about the value of {@code valueName} of an annotation on the method. */
  void error(AnnotationMirror annotation, String valueName, Message message, Object... args) {
    if (inherited != null) {
      diagnostics.error(endpoint, inherited, message, args);
    } else {
      diagnostics.error(method, annotation, valueName, message, args);
    }
  }

  /** An error about one of the method's parameters, or an annotation on it ({@code null}: none). */
  void errorOnParameter(VariableElement parameter, AnnotationMirror annotation, Message message, Object... args) {
    if (inherited != null) {
      diagnostics.error(endpoint, inherited, message, args);
    } else if (annotation != null) {
      diagnostics.error(parameter, annotation, message, args);
    } else {
      diagnostics.error(parameter, message, args);
    }
  }

  /** A warning about the method. */
  void warning(Message message, Object... args) {
    if (inherited != null) {
      diagnostics.warning(endpoint, inherited, message, args);
    } else {
      diagnostics.warning(method, message, args);
    }
  }
}
