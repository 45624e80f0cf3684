package dev.lightcache.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ErrorType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.NoType;
import javax.lang.model.type.NullType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.UnionType;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.SimpleTypeVisitor14;
import javax.lang.model.util.Types;

/**
 * Which methods an interface has, and how methods and types read.
 *
 * <p>A method's identity, in keys, descriptors, the generated javadoc and {@code @Invalidates}
 * matching, is its name and the erasures of its parameter types, such as {@code get(String)}. It is
 * built from the type mirrors by a visitor that reads element names, never from {@code toString()},
 * so type-use annotations ({@code @Nullable String}, {@code String @Nullable []}) never change it: a
 * redeclaration that adds them is the same method.
 */
final class Signatures {

  private final Types types;
  private final Elements elements;

  Signatures(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
  }

  /**
   * One method of the interface: the declaration that applies (the most specific one: its
   * annotations count) and the declarations of supertypes it overrides, nearest first.
   */
  record Member(ExecutableElement declaration, List<ExecutableElement> overridden) {
    Member {
      overridden = List.copyOf(overridden);
    }
  }

  /**
   * The methods the proxy must consider: the interface's own, then inherited ones, breadth first in
   * declaration order. Declarations of one method in several supertypes (a redeclaration, the same
   * method inherited twice) are one member, placed where it first appears.
   */
  List<Member> methodsOf(TypeElement type) {
    Map<String, List<ExecutableElement>> byIdentity = new LinkedHashMap<>();
    for (ExecutableElement method : declaredMethods(type)) {
      String identity = identity(method, resolve(type, method), true);
      byIdentity.computeIfAbsent(identity, k -> new ArrayList<>()).add(method);
    }
    List<Member> members = new ArrayList<>();
    for (List<ExecutableElement> declarations : byIdentity.values()) {
      ExecutableElement chosen = mostSpecific(declarations, type);
      List<ExecutableElement> overridden = new ArrayList<>(declarations);
      overridden.remove(chosen);
      members.add(new Member(chosen, overridden));
    }
    return members;
  }

  /** {@code method}'s type as a member of {@code type}: type variables of supertypes resolved. */
  ExecutableType resolve(TypeElement type, ExecutableElement method) {
    return (ExecutableType) types.asMemberOf((DeclaredType) type.asType(), method);
  }

  /** Every abstract or default method of {@code type} and its superinterfaces, breadth first. */
  private List<ExecutableElement> declaredMethods(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    Deque<TypeElement> queue = new ArrayDeque<>();
    Set<TypeElement> visited = new HashSet<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeElement current = queue.removeFirst();
      if (!visited.add(current)) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
        Set<Modifier> modifiers = method.getModifiers();
        if (!modifiers.contains(Modifier.STATIC) && !modifiers.contains(Modifier.PRIVATE) && !isObjectMethod(method)) {
          methods.add(method);
        }
      }
      for (TypeMirror superinterface : current.getInterfaces()) {
        queue.add((TypeElement) ((DeclaredType) superinterface).asElement());
      }
    }
    return methods;
  }

  /**
   * The declaration that overrides all the others (javac's rule, {@link Elements#overrides}); the
   * first one when none does, as for one method inherited from two unrelated interfaces.
   */
  private ExecutableElement mostSpecific(List<ExecutableElement> declarations, TypeElement type) {
    for (ExecutableElement candidate : declarations) {
      boolean overridesAll = true;
      for (ExecutableElement other : declarations) {
        if (other != candidate && !elements.overrides(candidate, other, type)) {
          overridesAll = false;
          break;
        }
      }
      if (overridesAll) {
        return candidate;
      }
    }
    return declarations.get(0);
  }

  private static boolean isObjectMethod(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    int params = method.getParameters().size();
    return (name.equals("toString") && params == 0)
        || (name.equals("hashCode") && params == 0)
        || (name.equals("equals") && params == 1);
  }

  // ------------------------------------------------------------------------------- identity

  /**
   * A method's identity, such as {@code get(long)} or {@code find(String[])}: its name and the
   * erasures of its parameter types (resolved against the interface), with simple or qualified
   * type names. Varargs read as arrays, as they are the same method.
   */
  String identity(ExecutableElement method, ExecutableType resolved, boolean qualified) {
    return method.getSimpleName()
        + resolved.getParameterTypes().stream()
            .map(t -> erasedText(t, qualified))
            .collect(Collectors.joining(",", "(", ")"));
  }

  /** A type's erasure as text, such as {@code String[]} or {@code java.util.List}. */
  String erasedText(TypeMirror type, boolean qualified) {
    return text(types.erasure(type), qualified);
  }

  // ------------------------------------------------------------------------------- text

  /** A type as a user writes it without packages or annotations: {@code List<Product>}, {@code long[]}. */
  static String simpleText(TypeMirror type) {
    return text(type, false);
  }

  /** A type with qualified names and without annotations: {@code java.util.List<com.acme.Product>}. */
  static String qualifiedText(TypeMirror type) {
    return text(type, true);
  }

  /**
   * A method as declared, for messages: {@code com.vendor.UsersApi.search(java.util.Map<java.lang.String,java.lang.Object>)}.
   */
  static String qualifiedName(ExecutableElement method) {
    Element owner = method.getEnclosingElement();
    String ownerName =
        owner instanceof TypeElement type ? type.getQualifiedName().toString() : owner.getSimpleName().toString();
    List<? extends TypeMirror> parameters = ((ExecutableType) method.asType()).getParameterTypes();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      texts.add(parameterText(parameters.get(i), method.isVarArgs() && i == parameters.size() - 1, true));
    }
    return ownerName + "." + method.getSimpleName() + "(" + String.join(",", texts) + ")";
  }

  /**
   * The declaration that overrides {@code method} in an interface, with types resolved against it:
   * {@code @Override List<String> search(Map<String,Object> arg0);}.
   */
  static String redeclaration(ExecutableElement method, ExecutableType resolved) {
    StringBuilder text = new StringBuilder("@Override ");
    if (!method.getTypeParameters().isEmpty()) {
      List<String> variables = new ArrayList<>();
      for (TypeParameterElement parameter : method.getTypeParameters()) {
        List<String> bounds = new ArrayList<>();
        for (TypeMirror bound : parameter.getBounds()) {
          if (!ReturnTypes.isNamed(bound, "java.lang.Object")) {
            bounds.add(simpleText(bound));
          }
        }
        variables.add(parameter.getSimpleName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
      }
      text.append('<').append(String.join(", ", variables)).append("> ");
    }
    text.append(simpleText(resolved.getReturnType())).append(' ').append(method.getSimpleName()).append('(');
    List<? extends TypeMirror> parameters = resolved.getParameterTypes();
    for (int i = 0; i < parameters.size(); i++) {
      text.append(i == 0 ? "" : ", ")
          .append(parameterText(parameters.get(i), method.isVarArgs() && i == parameters.size() - 1, false))
          .append(' ')
          .append(method.getParameters().get(i).getSimpleName());
    }
    text.append(')');
    if (!resolved.getThrownTypes().isEmpty()) {
      text.append(" throws ")
          .append(resolved.getThrownTypes().stream().map(Signatures::simpleText).collect(Collectors.joining(", ")));
    }
    return text.append(';').toString();
  }

  private static String parameterText(TypeMirror type, boolean varargs, boolean qualified) {
    if (varargs && type.getKind() == TypeKind.ARRAY) {
      return text(((ArrayType) type).getComponentType(), qualified) + "...";
    }
    return text(type, qualified);
  }

  private static String text(TypeMirror type, boolean qualified) {
    StringBuilder out = new StringBuilder();
    type.accept(new Text(qualified), out);
    return out.toString();
  }

  /**
   * Writes a type from its elements' names, never from {@code toString()}, so no annotation of any
   * part of it shows.
   */
  private static final class Text extends SimpleTypeVisitor14<Void, StringBuilder> {
    private final boolean qualified;

    Text(boolean qualified) {
      this.qualified = qualified;
    }

    @Override
    public Void visitPrimitive(PrimitiveType type, StringBuilder out) {
      out.append(type.getKind().name().toLowerCase(java.util.Locale.ROOT));
      return null;
    }

    @Override
    public Void visitNull(NullType type, StringBuilder out) {
      out.append("null");
      return null;
    }

    @Override
    public Void visitArray(ArrayType type, StringBuilder out) {
      type.getComponentType().accept(this, out);
      out.append("[]");
      return null;
    }

    @Override
    public Void visitDeclared(DeclaredType type, StringBuilder out) {
      TypeElement element = (TypeElement) type.asElement();
      TypeMirror enclosing = type.getEnclosingType();
      if (enclosing.getKind() == TypeKind.DECLARED && !((DeclaredType) enclosing).getTypeArguments().isEmpty()) {
        // An inner class of a parameterized type: Outer<String>.Inner.
        enclosing.accept(this, out);
        out.append('.').append(element.getSimpleName());
      } else {
        out.append(qualified ? element.getQualifiedName() : nestedName(element));
      }
      List<? extends TypeMirror> arguments = type.getTypeArguments();
      if (!arguments.isEmpty()) {
        out.append('<');
        for (int i = 0; i < arguments.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          arguments.get(i).accept(this, out);
        }
        out.append('>');
      }
      return null;
    }

    @Override
    public Void visitError(ErrorType type, StringBuilder out) {
      return visitDeclared(type, out);
    }

    @Override
    public Void visitTypeVariable(TypeVariable type, StringBuilder out) {
      out.append(type.asElement().getSimpleName());
      return null;
    }

    @Override
    public Void visitWildcard(WildcardType type, StringBuilder out) {
      out.append('?');
      if (type.getExtendsBound() != null) {
        out.append(" extends ");
        type.getExtendsBound().accept(this, out);
      } else if (type.getSuperBound() != null) {
        out.append(" super ");
        type.getSuperBound().accept(this, out);
      }
      return null;
    }

    @Override
    public Void visitNoType(NoType type, StringBuilder out) {
      out.append(type.getKind() == TypeKind.VOID ? "void" : "none");
      return null;
    }

    @Override
    public Void visitIntersection(IntersectionType type, StringBuilder out) {
      return join(type.getBounds(), "&", out);
    }

    @Override
    public Void visitUnion(UnionType type, StringBuilder out) {
      return join(type.getAlternatives(), "|", out);
    }

    private Void join(List<? extends TypeMirror> parts, String separator, StringBuilder out) {
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          out.append(separator);
        }
        parts.get(i).accept(this, out);
      }
      return null;
    }

    @Override
    protected Void defaultAction(TypeMirror type, StringBuilder out) {
      out.append(type.getKind().name().toLowerCase(java.util.Locale.ROOT));
      return null;
    }

    /** {@code Map.Entry}: the simple names of the type and the types it is nested in. */
    private static String nestedName(TypeElement element) {
      StringBuilder name = new StringBuilder(element.getSimpleName());
      for (Element e = element.getEnclosingElement(); e instanceof TypeElement outer; e = e.getEnclosingElement()) {
        name.insert(0, outer.getSimpleName() + ".");
      }
      return name.toString();
    }
  }
}
