package dev.lightcache.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.lightcache.processor.model.CacheModel.Shape;
import dev.lightcache.processor.model.CacheModel.Status;
import dev.lightcache.processor.model.Deferred;
import dev.lightcache.processor.model.ValueTypeModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Classifies return types: nothing, something that cannot be cached (a handle rather than data, a
 * publisher Lightcache cannot replay), or a value in one of the shapes the proxy caches (plain, {@code
 * Optional}, future, reactive single or multi value, each possibly a response with a status); and
 * describes the stored value as a {@link ValueTypeModel}. Every type is recognised by its qualified
 * name, so none of the libraries needs to be on the processor path.
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
          "java.util.Iterator",
          "feign.Response",
          "okhttp3.Response",
          "okhttp3.ResponseBody");

  /** Reactive types the proxy caches by their values, by exact qualified name. */
  private static final Map<String, Deferred> DEFERRED =
      Map.ofEntries(
          Map.entry("java.util.concurrent.CompletableFuture", Deferred.COMPLETION_STAGE),
          Map.entry("java.util.concurrent.CompletionStage", Deferred.COMPLETION_STAGE),
          Map.entry("reactor.core.publisher.Mono", Deferred.MONO),
          Map.entry("reactor.core.publisher.Flux", Deferred.FLUX),
          Map.entry("org.reactivestreams.Publisher", Deferred.PUBLISHER),
          Map.entry("io.smallrye.mutiny.Uni", Deferred.UNI),
          Map.entry("io.smallrye.mutiny.Multi", Deferred.MULTI),
          Map.entry("io.reactivex.rxjava3.core.Single", Deferred.RX3_SINGLE),
          Map.entry("io.reactivex.rxjava3.core.Maybe", Deferred.RX3_MAYBE),
          Map.entry("io.reactivex.rxjava3.core.Completable", Deferred.RX3_COMPLETABLE),
          Map.entry("io.reactivex.rxjava3.core.Flowable", Deferred.RX3_FLOWABLE),
          Map.entry("io.reactivex.rxjava3.core.Observable", Deferred.RX3_OBSERVABLE),
          Map.entry("io.reactivex.Single", Deferred.RX2_SINGLE),
          Map.entry("io.reactivex.Maybe", Deferred.RX2_MAYBE),
          Map.entry("io.reactivex.Completable", Deferred.RX2_COMPLETABLE),
          Map.entry("io.reactivex.Flowable", Deferred.RX2_FLOWABLE),
          Map.entry("io.reactivex.Observable", Deferred.RX2_OBSERVABLE));

  /**
   * Supertypes of publishers and other deferred sources: a type that extends one but is not in {@link
   * #DEFERRED} (a {@code Flow.Publisher}, a {@code ParallelFlux}, a library's own publisher) is not
   * data, and the proxy cannot replay it.
   */
  private static final List<String> OTHER_PUBLISHERS =
      List.of(
          "org.reactivestreams.Publisher",
          "java.util.concurrent.Flow.Publisher",
          "io.smallrye.mutiny.Uni",
          "io.reactivex.rxjava3.core.SingleSource",
          "io.reactivex.rxjava3.core.MaybeSource",
          "io.reactivex.rxjava3.core.CompletableSource",
          "io.reactivex.rxjava3.core.ObservableSource",
          "io.reactivex.SingleSource",
          "io.reactivex.MaybeSource",
          "io.reactivex.CompletableSource",
          "io.reactivex.ObservableSource",
          "java.util.concurrent.Future");

  /** With this class on the compile classpath, {@code Publisher} and {@code Multi} are cached. */
  private static final String REACTOR_FLUX = "reactor.core.publisher.Flux";

  /**
   * What a method returns.
   *
   * @param isVoid nothing to cache: {@code void}, {@code Void}, {@code Completable}, or a deferred
   *     {@code Void}
   * @param uncacheable why the result cannot be cached (it is a handle, or a publisher the proxy cannot
   *     replay), or empty
   * @param shape how the result wraps the stored value
   * @param stored the type of the stored value
   * @param deferred what kind of deferred result it is
   * @param status for a response with an HTTP status: which kind
   */
  record Returns(
      boolean isVoid,
      Optional<Uncacheable> uncacheable,
      Shape shape,
      TypeMirror stored,
      Deferred deferred,
      Optional<Status> status) {

    boolean isHandle() {
      return uncacheable.filter(u -> u == Uncacheable.HANDLE || u == Uncacheable.UNSEEN_CALL).isPresent();
    }

    /**
     * Whether the result is deferred in a way the proxy cannot watch complete (a {@code Future}, a
     * {@code Flow.Publisher}, a {@code retrofit2.Call} not executed yet): an invalidating method then
     * invalidates when the delegate returns, possibly before the write has happened.
     */
    boolean completionUnseen() {
      return uncacheable.filter(u -> u == Uncacheable.UNKNOWN_PUBLISHER || u == Uncacheable.UNSEEN_CALL).isPresent();
    }
  }

  /** Why a result cannot be cached. */
  enum Uncacheable {
    /** A handle to a response or stream rather than data. */
    HANDLE,
    /** A {@code Publisher} or {@code Multi}, without Reactor on the compile classpath to replay it. */
    PUBLISHER_WITHOUT_REACTOR,
    /** A publisher or deferred type that Lightcache does not recognise. */
    UNKNOWN_PUBLISHER,
    /** A handle to a call that has not run yet ({@code retrofit2.Call}): a handle whose completion is unseen. */
    UNSEEN_CALL
  }

  private final Elements elements;
  private final Types types;
  private final boolean reactorPresent;
  private final Map<TypeElement, Set<String>> supertypes = new HashMap<>();

  ReturnTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.reactorPresent = elements.getTypeElement(REACTOR_FLUX) != null;
  }

  Returns classify(TypeMirror type) {
    if (type.getKind() == TypeKind.VOID || isNamed(type, "java.lang.Void")) {
      return new Returns(true, Optional.empty(), Shape.PLAIN, type, Deferred.NONE, Optional.empty());
    }
    Deferred deferred = deferred(type);
    if (isOrExtends(type, List.of("retrofit2.Call"))) {
      return uncacheable(type, Uncacheable.UNSEEN_CALL, Deferred.NONE);
    }
    if (deferred == Deferred.NONE) {
      if (isOrExtends(type, OTHER_PUBLISHERS)) {
        return uncacheable(type, Uncacheable.UNKNOWN_PUBLISHER, Deferred.NONE);
      }
      if (isNamed(type, "java.util.Optional")) {
        return value(Shape.OPTIONAL, firstArgument(type), Deferred.NONE);
      }
      return value(Shape.PLAIN, type, Deferred.NONE);
    }
    if (deferred == Deferred.RX3_COMPLETABLE || deferred == Deferred.RX2_COMPLETABLE) {
      return new Returns(true, Optional.empty(), Shape.PLAIN, type, deferred, Optional.empty());
    }
    TypeMirror value = firstArgument(type);
    if (isNamed(value, "java.lang.Void")) {
      return new Returns(true, Optional.empty(), Shape.PLAIN, value, deferred, Optional.empty());
    }
    if (deferred == Deferred.COMPLETION_STAGE) {
      if (isNamed(value, "java.util.Optional")) {
        return value(Shape.FUTURE_OPTIONAL, firstArgument(value), deferred);
      }
      return value(Shape.FUTURE, value, deferred);
    }
    if ((deferred == Deferred.PUBLISHER || deferred == Deferred.MULTI) && !reactorPresent) {
      return uncacheable(type, Uncacheable.PUBLISHER_WITHOUT_REACTOR, deferred);
    }
    if (deferred.multiValued()) {
      if (isHandle(value) || isOrExtends(value, OTHER_PUBLISHERS)) {
        return uncacheable(value, Uncacheable.HANDLE, deferred);
      }
      return new Returns(false, Optional.empty(), Shape.COLLECTED, list(value), deferred, Optional.empty());
    }
    return value(Shape.EMITTED, value, deferred);
  }

  /** A value of {@code type} in {@code shape}: unless it is a handle, a response or a plain value. */
  private Returns value(Shape shape, TypeMirror type, Deferred deferred) {
    if (isHandle(type)) {
      return uncacheable(type, Uncacheable.HANDLE, deferred);
    }
    if (shape != Shape.PLAIN && isOrExtends(type, OTHER_PUBLISHERS)) {
      return uncacheable(type, Uncacheable.UNKNOWN_PUBLISHER, deferred);
    }
    return new Returns(false, Optional.empty(), shape, type, deferred, status(type));
  }

  private static Returns uncacheable(TypeMirror type, Uncacheable why, Deferred deferred) {
    return new Returns(false, Optional.of(why), Shape.PLAIN, type, deferred, Optional.empty());
  }

  /** The kind of response {@code type} is, if it carries an HTTP status. */
  private Optional<Status> status(TypeMirror type) {
    for (Status status : Status.values()) {
      if (isOrExtends(type, List.of(status.qualifiedName()))) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }

  /** The deferred kind of a type named exactly as one Lightcache recognises, or {@link Deferred#NONE}. */
  private static Deferred deferred(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Deferred.NONE;
    }
    String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
    return DEFERRED.getOrDefault(name, Deferred.NONE);
  }

  private TypeMirror list(TypeMirror element) {
    return types.getDeclaredType(elements.getTypeElement("java.util.List"), element);
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

  /**
   * A handle rather than data: one of {@link #HANDLES}, or a response with a status whose body is itself
   * a handle or a publisher (a {@code java.net.http.HttpResponse<InputStream>}, a Spring {@code
   * ResponseEntity<Flux<T>>}).
   */
  private boolean isHandle(TypeMirror type) {
    if (isOrExtends(type, HANDLES)) {
      return true;
    }
    if (status(type).isPresent() && type.getKind() == TypeKind.DECLARED
        && !((DeclaredType) type).getTypeArguments().isEmpty()) {
      TypeMirror body = firstArgument(type);
      return isHandle(body) || isOrExtends(body, OTHER_PUBLISHERS) || deferred(body) != Deferred.NONE;
    }
    return false;
  }

  /** Whether the declared type's erasure is one of {@code names} or a subtype of one. */
  private boolean isOrExtends(TypeMirror type, List<String> names) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    Set<String> all = supertypeNames((TypeElement) ((DeclaredType) type).asElement());
    for (String name : names) {
      if (all.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** The qualified names of a type and of all its supertypes, worked out once per type. */
  private Set<String> supertypeNames(TypeElement element) {
    Set<String> known = supertypes.get(element);
    if (known != null) {
      return known;
    }
    Set<String> names = new HashSet<>();
    names.add(element.getQualifiedName().toString());
    List<TypeMirror> direct = new ArrayList<>(element.getInterfaces());
    direct.add(element.getSuperclass());
    for (TypeMirror supertype : direct) {
      if (supertype.getKind() == TypeKind.DECLARED) {
        names.addAll(supertypeNames((TypeElement) ((DeclaredType) supertype).asElement()));
      }
    }
    supertypes.put(element, names);
    return names;
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
