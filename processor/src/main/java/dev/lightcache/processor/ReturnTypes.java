package dev.lightcache.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.lightcache.processor.model.CacheModel.Shape;
import dev.lightcache.processor.model.ValueTypeModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Classifies return types: nothing, a handle rather than data, or a value in one of the shapes the
 * proxy caches (plain, {@code Optional}, future, future of {@code Optional}); and describes the stored
 * value as a {@link ValueTypeModel}.
 */
final class ReturnTypes {

  private static final List<String> HANDLES =
      List.of(
          "jakarta.ws.rs.core.Response",
          "javax.ws.rs.core.Response",
          "retrofit2.Call",
          "java.io.InputStream",
          "java.io.Reader",
          "java.util.stream.BaseStream",
          "java.util.Iterator");

  /**
   * What a method returns.
   *
   * @param isVoid nothing to cache: {@code void}, {@code Void}, or a future of {@code Void}
   * @param isHandle the stored value would be a handle to a response or stream
   * @param shape how the result wraps the stored value
   * @param stored the type of the stored value
   */
  record Returns(boolean isVoid, boolean isHandle, Shape shape, TypeMirror stored) {}

  private final Elements elements;
  private final Types types;

  ReturnTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  Returns classify(TypeMirror type) {
    if (type.getKind() == TypeKind.VOID || isNamed(type, "java.lang.Void")) {
      return new Returns(true, false, Shape.PLAIN, type);
    }
    if (isNamed(type, "java.util.concurrent.CompletableFuture")
        || isNamed(type, "java.util.concurrent.CompletionStage")) {
      TypeMirror value = firstArgument(type);
      if (isNamed(value, "java.lang.Void")) {
        return new Returns(true, false, Shape.FUTURE, value);
      }
      if (isNamed(value, "java.util.Optional")) {
        TypeMirror inner = firstArgument(value);
        return new Returns(false, isHandle(inner), Shape.FUTURE_OPTIONAL, inner);
      }
      return new Returns(false, isHandle(value), Shape.FUTURE, value);
    }
    if (isNamed(type, "java.util.Optional")) {
      TypeMirror inner = firstArgument(type);
      return new Returns(false, isHandle(inner), Shape.OPTIONAL, inner);
    }
    return new Returns(false, isHandle(type), Shape.PLAIN, type);
  }

  /** The {@code ValueType} that the generated code builds for values of {@code type}. */
  ValueTypeModel valueType(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return ValueTypeModel.arrayOf(valueType(((ArrayType) type).getComponentType()));
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        List<ValueTypeModel> arguments = new ArrayList<>();
        for (TypeMirror argument : declared.getTypeArguments()) {
          arguments.add(valueType(upperBound(argument)));
        }
        return ValueTypeModel.of(ClassName.get((TypeElement) declared.asElement()), arguments);
      case TYPEVAR:
        return valueType(types.erasure(type));
      default:
        if (type.getKind().isPrimitive()) {
          return ValueTypeModel.of(TypeName.get(type), List.of());
        }
        return ValueTypeModel.of(ClassName.OBJECT, List.of());
    }
  }

  static boolean isNamed(TypeMirror type, String name) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(name);
  }

  private boolean isHandle(TypeMirror type) {
    return KeyTypes.isOrExtends(types, type, HANDLES);
  }

  private TypeMirror firstArgument(TypeMirror type) {
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    if (arguments.isEmpty()) {
      return elements.getTypeElement("java.lang.Object").asType();
    }
    return upperBound(arguments.get(0));
  }

  private TypeMirror upperBound(TypeMirror type) {
    if (type.getKind() == TypeKind.WILDCARD) {
      TypeMirror bound = ((WildcardType) type).getExtendsBound();
      return bound != null ? bound : elements.getTypeElement("java.lang.Object").asType();
    }
    return type;
  }
}
