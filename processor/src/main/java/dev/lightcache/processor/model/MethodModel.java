package dev.lightcache.processor.model;

import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import java.util.List;
import java.util.Optional;

/**
 * One method of the interface and what the proxy does with it.
 *
 * @param name the method's name
 * @param signature its signature in keys and statistics, such as {@code get(long)}
 * @param constantName the name of its descriptor constant in the generated class, such as {@code GET}
 * @param kind what the proxy does
 * @param typeVariables the method's own type variables
 * @param returnType its return type, resolved against the interface
 * @param deferred what kind of deferred result it returns: when its value is known, when its write
 *     has happened
 * @param parameters its parameters, resolved against the interface
 * @param varargs whether the last parameter is varargs
 * @param thrownTypes the exceptions it declares
 * @param verb the HTTP verb and where it came from
 * @param cache for {@link Kind#CACHED}: how; empty otherwise
 * @param invalidation for {@link Kind#INVALIDATING}: what; empty otherwise
 * @param reason why the method got its kind, for the generated javadoc
 */
public record MethodModel(
    String name,
    String signature,
    String constantName,
    Kind kind,
    List<TypeVariableName> typeVariables,
    TypeName returnType,
    Deferred deferred,
    List<ParameterModel> parameters,
    boolean varargs,
    List<TypeName> thrownTypes,
    Verb verb,
    Optional<CacheModel> cache,
    Optional<InvalidationModel> invalidation,
    String reason) {

  public MethodModel {
    typeVariables = List.copyOf(typeVariables);
    parameters = List.copyOf(parameters);
    thrownTypes = List.copyOf(thrownTypes);
  }

  /** What the proxy does with a method. */
  public enum Kind {
    /** Read through the cache. */
    CACHED,
    /** Delegate, then invalidate. */
    INVALIDATING,
    /** Delegate unchanged. */
    DELEGATING,
    /** A default method the proxy inherits, so the calls it makes go through the proxy. */
    INHERITED_DEFAULT
  }

  /** Whether the method returns nothing. */
  public boolean returnsVoid() {
    return returnType.equals(TypeName.VOID);
  }
}
