package dev.lightcache.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A type as {@code ValueType} describes it: an erased class with type arguments, or an array.
 *
 * @param rawType the erased class (a primitive, a class, or for arrays unused)
 * @param typeArguments the type arguments
 * @param componentType for an array type, its component; {@code null} otherwise
 */
public record ValueTypeModel(
    TypeName rawType, List<ValueTypeModel> typeArguments, ValueTypeModel componentType) {

  public ValueTypeModel {
    typeArguments = List.copyOf(typeArguments);
  }

  public static ValueTypeModel of(TypeName rawType, List<ValueTypeModel> typeArguments) {
    return new ValueTypeModel(rawType, typeArguments, null);
  }

  public static ValueTypeModel arrayOf(ValueTypeModel component) {
    return new ValueTypeModel(ClassName.OBJECT, List.of(), component);
  }

  public boolean isArray() {
    return componentType != null;
  }
}
