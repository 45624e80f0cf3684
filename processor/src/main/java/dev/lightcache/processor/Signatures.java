package dev.lightcache.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Which methods an interface has, and how a method and a type read: a method's identity (its name and
 * the erasures of its parameter types, as in keys and the generated javadoc) and types as a user writes
 * them.
 */
final class Signatures {

  private final Types types;

  Signatures(Types types) {
    this.types = types;
  }

  /**
   * The methods the proxy must consider: the interface's own, then inherited ones, breadth first in
   * declaration order; a method overridden by a more specific one appears once.
   */
  List<ExecutableElement> methodsOf(TypeElement type) {
    Map<String, ExecutableElement> bySignature = new LinkedHashMap<>();
    Deque<TypeElement> queue = new ArrayDeque<>();
    Set<String> visited = new LinkedHashSet<>();
    queue.add(type);
    DeclaredType declared = (DeclaredType) type.asType();
    while (!queue.isEmpty()) {
      TypeElement current = queue.removeFirst();
      if (!visited.add(current.getQualifiedName().toString())) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
        Set<Modifier> modifiers = method.getModifiers();
        if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE) || isObjectMethod(method)) {
          continue;
        }
        ExecutableType resolved = (ExecutableType) types.asMemberOf(declared, method);
        String erased =
            method.getSimpleName()
                + resolved.getParameterTypes().stream()
                    .map(t -> types.erasure(t).toString())
                    .collect(Collectors.joining(",", "(", ")"));
        bySignature.putIfAbsent(erased, method);
      }
      for (TypeMirror superinterface : current.getInterfaces()) {
        queue.add((TypeElement) ((DeclaredType) superinterface).asElement());
      }
    }
    return new ArrayList<>(bySignature.values());
  }

  private static boolean isObjectMethod(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    int params = method.getParameters().size();
    return (name.equals("toString") && params == 0)
        || (name.equals("hashCode") && params == 0)
        || (name.equals("equals") && params == 1);
  }

  /**
   * A method's identity, such as {@code get(long)}: its name and the erasures of its parameter types
   * (resolved against the interface), with simple or qualified type names.
   */
  String identity(ExecutableElement method, ExecutableType resolved, boolean qualified) {
    return method.getSimpleName()
        + resolved.getParameterTypes().stream()
            .map(t -> qualified ? types.erasure(t).toString() : simpleText(types.erasure(t)))
            .collect(Collectors.joining(",", "(", ")"));
  }

  /** A parameter type's erasure in simple names, such as {@code String[]}, for constant names. */
  String erasedSimpleText(TypeMirror type) {
    return simpleText(types.erasure(type));
  }

  /** A type as a user writes it without packages: {@code List<Product>}, {@code long[]}. */
  static String simpleText(TypeMirror type) {
    return type.toString().replaceAll("\\b[a-z][a-z0-9_]*\\.", "").replaceAll("\\b([A-Z]\\w*)\\.(?=[A-Z])", "$1.");
  }
}
