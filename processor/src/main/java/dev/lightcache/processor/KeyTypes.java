package dev.lightcache.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides whether a key parameter's type has a stable text form: the same text for equal values in
 * every JVM. Says why not, and how to fix it, or returns empty when it has one.
 */
final class KeyTypes {

  private static final Set<String> STABLE =
      Set.of(
          "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short",
          "java.lang.Character", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
          "java.lang.Double", "java.util.UUID", "java.math.BigInteger", "java.math.BigDecimal");

  private final Types types;
  private final TypeMirror collection;
  private final TypeMirror map;

  KeyTypes(Types types, Elements elements) {
    this.types = types;
    this.collection = types.erasure(elements.getTypeElement("java.util.Collection").asType());
    this.map = types.erasure(elements.getTypeElement("java.util.Map").asType());
  }

  /** Why {@code type} has no stable text form, or empty if it has one. */
  Optional<String> whyUnstable(TypeMirror type) {
    return whyUnstable(type, new HashSet<>());
  }

  /** How to give a key parameter's type a stable text form: change its innermost unstable part. */
  String fix(TypeMirror type) {
    TypeMirror part = unstablePart(type, new LinkedHashSet<>());
    TypeMirror culprit = part != null ? part : type;
    if (culprit.getKind() == TypeKind.WILDCARD) {
      return "declare a specific type argument instead of ?";
    }
    if (culprit.getKind() != TypeKind.DECLARED) {
      return "declare a more specific type than " + Signatures.simpleText(culprit);
    }
    TypeElement element = (TypeElement) ((DeclaredType) culprit).asElement();
    if (element.getQualifiedName().contentEquals("java.lang.Object")) {
      return "declare a more specific type than Object";
    }
    if (((DeclaredType) culprit).getTypeArguments().isEmpty() && !element.getTypeParameters().isEmpty()) {
      return "give the raw type " + element.getSimpleName() + " type arguments";
    }
    return "override toString() in " + element.getSimpleName();
  }

  /**
   * The innermost part of {@code type} without a stable text form, looking where {@link #whyUnstable}
   * looks (array components, bounds, arguments of Optional, collections and maps, record components);
   * {@code null} when the only unstable parts are records already being looked into.
   */
  private TypeMirror unstablePart(TypeMirror type, Set<String> records) {
    List<TypeMirror> parts = new ArrayList<>();
    switch (type.getKind()) {
      case ARRAY -> parts.add(((ArrayType) type).getComponentType());
      case TYPEVAR -> parts.add(((TypeVariable) type).getUpperBound());
      case WILDCARD -> {
        TypeMirror bound = ((WildcardType) type).getExtendsBound();
        if (bound != null) {
          parts.add(bound);
        }
      }
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        if (element.getKind() == ElementKind.RECORD) {
          if (!records.add(element.getQualifiedName().toString())) {
            return null;
          }
          for (RecordComponentElement component : element.getRecordComponents()) {
            parts.add(((ExecutableType) types.asMemberOf(declared, component.getAccessor())).getReturnType());
          }
        } else if (ReturnTypes.isNamed(type, "java.util.Optional") || isCollectionOrMap(type)) {
          parts.addAll(declared.getTypeArguments());
        }
      }
      default -> {}
    }
    for (TypeMirror part : parts) {
      if (whyUnstable(part).isPresent()) {
        TypeMirror inner = unstablePart(part, records);
        if (inner != null) {
          return inner;
        }
      }
    }
    return parts.isEmpty() ? type : null;
  }

  private boolean isCollectionOrMap(TypeMirror type) {
    TypeMirror erased = types.erasure(type);
    return types.isAssignable(erased, collection) || types.isAssignable(erased, map);
  }

  private Optional<String> whyUnstable(TypeMirror type, Set<String> seen) {
    if (type.getKind().isPrimitive()) {
      return Optional.empty();
    }
    switch (type.getKind()) {
      case ARRAY:
        return whyUnstable(((ArrayType) type).getComponentType(), seen);
      case TYPEVAR:
        return whyUnstable(((TypeVariable) type).getUpperBound(), seen);
      case WILDCARD:
        TypeMirror bound = ((WildcardType) type).getExtendsBound();
        return bound == null
            ? Optional.of("a wildcard without an upper bound stands for any object")
            : whyUnstable(bound, seen);
      case DECLARED:
        return whyUnstableDeclared((DeclaredType) type, seen);
      case INTERSECTION:
        return Optional.of("an intersection type has no single text form");
      default:
        return Optional.of(type + " is not a value type");
    }
  }

  private Optional<String> whyUnstableDeclared(DeclaredType type, Set<String> seen) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    if (STABLE.contains(name)
        || element.getKind() == ElementKind.ENUM
        || name.startsWith("java.time.")) {
      return Optional.empty();
    }
    if (name.equals("java.util.Optional")) {
      return typeArguments(type, seen, "Optional");
    }
    if (types.isAssignable(types.erasure(type), collection)
        || types.isAssignable(types.erasure(type), map)) {
      if (type.getTypeArguments().isEmpty()) {
        return Optional.of("the raw type " + element.getSimpleName() + " may hold any object");
      }
      return typeArguments(type, seen, element.getSimpleName().toString());
    }
    if (element.getKind() == ElementKind.RECORD) {
      if (!seen.add(name)) {
        return Optional.empty();
      }
      for (RecordComponentElement component : element.getRecordComponents()) {
        TypeMirror componentType = types.asMemberOf(type, component.getAccessor()) instanceof javax.lang.model.type.ExecutableType e
            ? e.getReturnType()
            : component.asType();
        Optional<String> why = whyUnstable(componentType, seen);
        if (why.isPresent()) {
          return Optional.of(
              "its record component " + component.getSimpleName() + " has no stable text form ("
                  + why.get() + ")");
        }
      }
      return Optional.empty();
    }
    if (overridesToString(element)) {
      return Optional.empty();
    }
    if (name.equals("java.lang.Object")) {
      return Optional.of("Object may be any object, whose toString() is not stable");
    }
    return Optional.of(
        element.getSimpleName()
            + " does not override toString(), so its text would contain an identity hash code that"
            + " differs in every JVM");
  }

  private Optional<String> typeArguments(DeclaredType type, Set<String> seen, String what) {
    for (TypeMirror argument : type.getTypeArguments()) {
      Optional<String> why = whyUnstable(argument, seen);
      if (why.isPresent()) {
        return Optional.of("an element of " + what + " has no stable text form (" + why.get() + ")");
      }
    }
    return Optional.empty();
  }

  private boolean overridesToString(TypeElement element) {
    for (TypeElement current = element; current != null; current = superclass(current)) {
      if (current.getQualifiedName().contentEquals("java.lang.Object")) {
        return false;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
        if (method.getSimpleName().contentEquals("toString")
            && method.getParameters().isEmpty()
            && !method.getModifiers().contains(Modifier.STATIC)) {
          return true;
        }
      }
    }
    return false;
  }

  private TypeElement superclass(TypeElement element) {
    TypeMirror superclass = element.getSuperclass();
    return superclass.getKind() == TypeKind.DECLARED
        ? (TypeElement) ((DeclaredType) superclass).asElement()
        : null;
  }

  /**
   * Adds to {@code records} every record type that values of {@code type} may contain (the type itself,
   * type arguments, array components, record components), whose components a class in {@code
   * packageName} can read.
   */
  void collectRecords(TypeMirror type, String packageName, java.util.Map<String, TypeElement> records) {
    switch (type.getKind()) {
      case ARRAY -> collectRecords(((ArrayType) type).getComponentType(), packageName, records);
      case TYPEVAR -> collectRecords(((TypeVariable) type).getUpperBound(), packageName, records);
      case WILDCARD -> {
        TypeMirror bound = ((WildcardType) type).getExtendsBound();
        if (bound != null) {
          collectRecords(bound, packageName, records);
        }
      }
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        for (TypeMirror argument : declared.getTypeArguments()) {
          collectRecords(argument, packageName, records);
        }
        TypeElement element = (TypeElement) declared.asElement();
        String name = element.getQualifiedName().toString();
        if (element.getKind() == ElementKind.RECORD
            && isAccessibleFrom(element, packageName)
            && !records.containsKey(name)) {
          records.put(name, element);
          for (RecordComponentElement component : element.getRecordComponents()) {
            collectRecords(component.asType(), packageName, records);
          }
        }
      }
      default -> {}
    }
  }

  private static boolean isAccessibleFrom(TypeElement type, String packageName) {
    javax.lang.model.element.Element e = type;
    boolean samePackage = false;
    for (; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        samePackage = true;
      }
    }
    return !samePackage
        || (e instanceof javax.lang.model.element.PackageElement p
            && p.getQualifiedName().contentEquals(packageName));
  }
}
