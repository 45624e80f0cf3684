package dev.lightcache.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Finds a type that an interface mentions (in its supertypes or method signatures) and that does not
 * resolve yet, typically because another processor generates it in a later round.
 */
final class Completeness {

  private final Types types;

  Completeness(Types types) {
    this.types = types;
  }

  /**
   * An unresolved type and where to report it: the method of the interface that mentions it, or the
   * interface itself when a supertype or an inherited method does.
   *
   * @param where the element to report on
   * @param what how it reads in a message, such as {@code Products.get()}
   * @param typeName the unresolved type
   */
  record Incomplete(Element where, String what, String typeName) {}

  /** The first unresolved type that {@code type} mentions, or empty when everything resolves. */
  Optional<Incomplete> firstIncomplete(TypeElement type) {
    return firstUnresolved(type)
        .map(found -> {
          boolean own = found.where() != null && found.where().getEnclosingElement().equals(type);
          return own
              ? new Incomplete(
                  found.where(),
                  type.getSimpleName() + "." + found.where().getSimpleName() + "()",
                  found.typeName())
              : new Incomplete(type, type.getQualifiedName().toString(), found.typeName());
        });
  }

  private record Found(ExecutableElement where, String typeName) {}

  private Optional<Found> firstUnresolved(TypeElement type) {
    Deque<TypeElement> queue = new ArrayDeque<>();
    Set<TypeElement> seen = new HashSet<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeElement current = queue.removeFirst();
      if (!seen.add(current)) {
        continue;
      }
      for (TypeMirror superinterface : current.getInterfaces()) {
        Optional<String> missing = unresolved(superinterface);
        if (missing.isPresent()) {
          return Optional.of(new Found(null, missing.get()));
        }
        queue.add((TypeElement) ((DeclaredType) superinterface).asElement());
      }
      for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
        Optional<String> missing = unresolved(method.getReturnType());
        for (VariableElement parameter : method.getParameters()) {
          missing = missing.or(() -> unresolved(parameter.asType()));
        }
        for (TypeMirror thrown : method.getThrownTypes()) {
          missing = missing.or(() -> unresolved(thrown));
        }
        if (missing.isPresent()) {
          return Optional.of(new Found(method, missing.get()));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> unresolved(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return Optional.of(type.toString());
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return unresolved(((ArrayType) type).getComponentType());
    }
    if (type.getKind() == TypeKind.WILDCARD) {
      WildcardType wildcard = (WildcardType) type;
      if (wildcard.getExtendsBound() != null) {
        return unresolved(wildcard.getExtendsBound());
      }
      return wildcard.getSuperBound() != null ? unresolved(wildcard.getSuperBound()) : Optional.empty();
    }
    if (type.getKind() == TypeKind.DECLARED) {
      for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
        Optional<String> missing = unresolved(argument);
        if (missing.isPresent()) {
          return missing;
        }
      }
    }
    return Optional.empty();
  }
}
