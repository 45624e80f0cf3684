package dev.lightcache.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.lightcache.processor.model.CacheModel;
import dev.lightcache.processor.model.CacheModel.Shape;
import dev.lightcache.processor.model.EndpointModel;
import dev.lightcache.processor.model.InvalidationModel;
import dev.lightcache.processor.model.MethodModel;
import dev.lightcache.processor.model.MethodModel.Kind;
import dev.lightcache.processor.model.ParameterModel;
import dev.lightcache.processor.model.ParameterModel.KeyArgument;
import dev.lightcache.processor.model.RecordKeyModel;
import dev.lightcache.processor.model.ValueTypeModel;
import dev.lightcache.processor.model.Verb;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
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
 * Reads an annotated interface into an {@link EndpointModel}, reporting every misuse on the element
 * at fault. Returns empty when the interface had an error; the caller then generates nothing for it.
 */
final class EndpointReader {

  static final String CACHED = "dev.lightcache.annotations.Cached";
  static final String NOT_CACHED = "dev.lightcache.annotations.NotCached";
  static final String CACHE_KEY = "dev.lightcache.annotations.CacheKey";
  static final String INVALIDATES = "dev.lightcache.annotations.Invalidates";
  static final String CACHE_SPI = "dev.lightcache.runtime.Cache";
  static final String INVALIDATION_SPI = "dev.lightcache.runtime.InvalidationStrategy";

  private static final List<String> HANDLES =
      List.of(
          "jakarta.ws.rs.core.Response",
          "javax.ws.rs.core.Response",
          "retrofit2.Call",
          "java.io.InputStream",
          "java.io.Reader",
          "java.util.stream.BaseStream",
          "java.util.Iterator");
  private static final Pattern SYNTHETIC_NAME = Pattern.compile("arg\\d+");
  private static final long DEFAULT_EXPIRATION = 300;

  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;
  private final KeyTypes keyTypes;

  EndpointReader(ProcessingEnvironment env, Diagnostics diagnostics) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.diagnostics = diagnostics;
    this.keyTypes = new KeyTypes(types, elements);
  }

  /** The interface's settings from its {@code @Cached}, or the defaults when only methods have it. */
  private record Settings(
      AnnotationMirror annotation,
      String namespace,
      int version,
      long expirationSeconds,
      Set<String> methods,
      boolean cacheNulls,
      Optional<ClassName> cacheClass,
      Optional<ClassName> invalidationClass) {}

  /** A method before its invalidation targets are resolved. */
  private static final class Draft {
    ExecutableElement element;
    ExecutableType type;
    String signature;
    String constantName;
    Kind kind;
    Verb verb;
    String reason;
    CacheModel cache;
    AnnotationMirror invalidates;
    boolean invalidatesEndpoint;
  }

  Optional<EndpointModel> read(TypeElement type) {
    ClassName interfaceName = ClassName.get(type);
    ClassName proxyName =
        ClassName.get(interfaceName.packageName(), "Cached" + String.join("_", interfaceName.simpleNames()));
    checkAccessible(type, proxyName);
    if (!type.getTypeParameters().isEmpty()) {
      diagnostics.error(
          type,
          Message.GENERIC_INTERFACE,
          type.getQualifiedName(),
          type.getTypeParameters().stream()
              .map(p -> p.getSimpleName().toString())
              .collect(Collectors.joining(", ", "<", ">")),
          type.getSimpleName());
      return Optional.empty();
    }
    Settings settings = readSettings(type);
    List<Draft> drafts = new ArrayList<>();
    for (ExecutableElement method : methodsOf(type)) {
      Draft draft = classify(type, method, settings);
      if (draft != null) {
        drafts.add(draft);
      }
    }
    assignSignatures(drafts);
    List<MethodModel> methods = new ArrayList<>();
    for (Draft draft : drafts) {
      methods.add(toModel(type, draft, drafts));
    }
    java.util.TreeMap<String, TypeElement> records = new java.util.TreeMap<>();
    for (Draft draft : drafts) {
      if (draft.kind == Kind.CACHED) {
        for (int position : draft.cache.keyParameters()) {
          keyTypes.collectRecords(
              draft.type.getParameterTypes().get(position), interfaceName.packageName(), records);
        }
      }
    }
    List<RecordKeyModel> recordKeys = new ArrayList<>();
    for (TypeElement record : records.values()) {
      recordKeys.add(
          new RecordKeyModel(
              ClassName.get(record),
              record.getRecordComponents().stream()
                  .map(c -> c.getAccessor().getSimpleName().toString())
                  .toList()));
    }
    if (diagnostics.hasErrors()) {
      return Optional.empty();
    }
    return Optional.of(
        new EndpointModel(
            interfaceName,
            proxyName,
            isEffectivelyPublic(type),
            settings.namespace,
            settings.version,
            settings.cacheClass,
            settings.invalidationClass,
            methods,
            recordKeys,
            type));
  }

  // ------------------------------------------------------------------------------- the interface

  private void checkAccessible(TypeElement type, ClassName proxyName) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        diagnostics.error(type, Message.INTERFACE_NOT_ACCESSIBLE, type.getQualifiedName(), proxyName.simpleName());
        return;
      }
    }
  }

  private static boolean isEffectivelyPublic(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private Settings readSettings(TypeElement type) {
    AnnotationMirror cached = Diagnostics.annotation(type, CACHED);
    if (cached == null) {
      return new Settings(
          null,
          type.getQualifiedName().toString(),
          1,
          DEFAULT_EXPIRATION,
          Set.of("GET"),
          false,
          Optional.empty(),
          Optional.empty());
    }
    String namespace = stringValue(cached, "namespace", "");
    if (namespace.isEmpty()) {
      namespace = type.getQualifiedName().toString();
    }
    int version = (Integer) value(cached, "version", 1);
    long expiration = expiration(type, cached, DEFAULT_EXPIRATION);
    Set<String> methods = verbs(type, cached);
    boolean cacheNulls = (Boolean) value(cached, "cacheNulls", false);
    Optional<ClassName> cacheClass = classValue(type, cached, "cache", CACHE_SPI, "InMemoryCache");
    Optional<ClassName> invalidationClass =
        classValue(type, cached, "invalidation", INVALIDATION_SPI, "StandardInvalidation");
    return new Settings(
        cached, namespace, version, expiration, methods, cacheNulls, cacheClass, invalidationClass);
  }

  private long expiration(Element element, AnnotationMirror cached, long inherited) {
    long expiration = ((Number) value(cached, "expirationSeconds", inherited)).longValue();
    if (expiration <= 0) {
      diagnostics.error(element, cached, "expirationSeconds", Message.EXPIRATION_NOT_POSITIVE, expiration);
      return DEFAULT_EXPIRATION;
    }
    return expiration;
  }

  private Set<String> verbs(Element element, AnnotationMirror cached) {
    AnnotationValue value = Diagnostics.valueOf(cached, "methods");
    if (value == null) {
      return Set.of("GET");
    }
    Set<String> verbs = new LinkedHashSet<>();
    for (Object item : asList(value)) {
      String verb = ((String) ((AnnotationValue) item).getValue()).trim().toUpperCase(Locale.ROOT);
      if (!Verbs.KNOWN.contains(verb)) {
        diagnostics.error(
            element,
            cached,
            (AnnotationValue) item,
            Message.METHODS_UNKNOWN_VERB,
            ((AnnotationValue) item).getValue(),
            "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      }
      verbs.add(verb);
    }
    if (verbs.isEmpty()) {
      diagnostics.error(element, cached, "methods", Message.METHODS_EMPTY);
    }
    return verbs;
  }

  /**
   * A {@code Class<?>} element naming a backend or strategy: empty for the default ({@code
   * Cached.class}), else the class after checking it can be built with {@code new X()}.
   */
  private Optional<ClassName> classValue(
      Element element, AnnotationMirror cached, String name, String spi, String builtIn) {
    AnnotationValue value = Diagnostics.valueOf(cached, name);
    if (value == null || !(value.getValue() instanceof DeclaredType declared)) {
      return Optional.empty();
    }
    TypeElement chosen = (TypeElement) declared.asElement();
    String qualified = chosen.getQualifiedName().toString();
    if (qualified.equals(CACHED)) {
      return Optional.empty();
    }
    ClassProblem problem = classProblem(chosen, spi, name);
    if (problem != null) {
      String simple = chosen.getSimpleName().toString();
      diagnostics.error(
          element,
          cached,
          name,
          Message.CLASS_VALUE_INVALID,
          name,
          simple,
          qualified,
          problem.fact(),
          spi,
          simple,
          problem.fix() + ", or use the built-in " + builtIn + ".");
      return Optional.empty();
    }
    return Optional.of(ClassName.get(chosen));
  }

  /** What is wrong with a class named by {@code cache} or {@code invalidation}, and what to do. */
  private record ClassProblem(String fact, String fix) {}

  private ClassProblem classProblem(TypeElement chosen, String spi, String name) {
    TypeElement spiType = elements.getTypeElement(spi);
    String simple = chosen.getSimpleName().toString();
    if (chosen.getKind() != ElementKind.CLASS) {
      return new ClassProblem(
          "is " + kindName(chosen) + ", not a class", "name a class that implements " + spi);
    }
    if (spiType == null || !types.isAssignable(types.erasure(chosen.asType()), types.erasure(spiType.asType()))) {
      return new ClassProblem("does not implement " + spi, "make " + simple + " implement " + spi);
    }
    if (!chosen.getModifiers().contains(Modifier.PUBLIC)) {
      return new ClassProblem("is not public", "make " + simple + " public");
    }
    if (chosen.getModifiers().contains(Modifier.ABSTRACT)) {
      return new ClassProblem(
          "is abstract", "make " + simple + " concrete, or name a concrete subclass of it");
    }
    if (chosen.getNestingKind().isNested() && !chosen.getModifiers().contains(Modifier.STATIC)) {
      return new ClassProblem(
          "is an inner class that needs an enclosing instance", "make " + simple + " static");
    }
    for (Element e = chosen.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        String enclosing = ((TypeElement) e).getSimpleName().toString();
        return new ClassProblem(
            "is nested in " + enclosing + ", which is not public", "make " + enclosing + " public");
      }
    }
    boolean constructor = false;
    for (ExecutableElement c : ElementFilter.constructorsIn(chosen.getEnclosedElements())) {
      if (c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC)) {
        constructor = true;
      }
    }
    return constructor
        ? null
        : new ClassProblem(
            "has no public no-arg constructor",
            "give " + simple + " a public no-arg constructor, or remove " + name + " = " + simple
                + ".class and pass an instance to the generated builder's " + name + "(...)");
  }

  private static String kindName(Element element) {
    return switch (element.getKind()) {
      case INTERFACE -> "an interface";
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      case CLASS -> "a class";
      default -> "a " + element.getKind().toString().toLowerCase(Locale.ROOT);
    };
  }

  // ------------------------------------------------------------------------------- methods

  /**
   * The methods the proxy must consider: the interface's own, then inherited ones, depth first in
   * declaration order; a method overridden by a more specific one appears once.
   */
  private List<ExecutableElement> methodsOf(TypeElement type) {
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

  private Draft classify(TypeElement type, ExecutableElement method, Settings settings) {
    ExecutableType resolved = (ExecutableType) types.asMemberOf((DeclaredType) type.asType(), method);
    AnnotationMirror cached = Diagnostics.annotation(method, CACHED);
    AnnotationMirror notCached = Diagnostics.annotation(method, NOT_CACHED);
    AnnotationMirror invalidates = Diagnostics.annotation(method, INVALIDATES);
    boolean isDefault = method.getModifiers().contains(Modifier.DEFAULT);
    String display = display(type, method);

    if (method.getParameters().isEmpty()
        && (method.getSimpleName().contentEquals("stats") || method.getSimpleName().contentEquals("invalidateAll"))) {
      diagnostics.error(method, Message.MEMBER_CLASH, display, method.getSimpleName() + "()");
      return null;
    }
    if (cached != null && notCached != null) {
      diagnostics.error(method, notCached, Message.CACHED_AND_NOT_CACHED, display);
      return null;
    }
    if (notCached != null && invalidates != null) {
      diagnostics.error(method, invalidates, Message.NOT_CACHED_AND_INVALIDATES, display);
      return null;
    }

    Draft draft = new Draft();
    draft.element = method;
    draft.type = resolved;
    draft.verb = Verbs.of(method);
    TypeMirror returnType = resolved.getReturnType();
    ReturnInfo returns = returnInfo(returnType);
    boolean interfaceCached = settings.annotation != null;
    boolean verbCached = interfaceCached && settings.methods.contains(draft.verb.name());

    if (cached != null) {
      checkMethodLevelSettings(method, cached);
      if (returns.isVoid) {
        diagnostics.error(method, cached, Message.CACHED_VOID, display, returnType);
        return null;
      }
      if (returns.isHandle) {
        diagnostics.error(method, cached, Message.CACHED_HANDLE, display, returnType);
        return null;
      }
      draft.kind = Kind.CACHED;
      draft.reason = "@Cached on the method";
      draft.cache =
          cacheModel(
              method,
              returns,
              expiration(method, cached, settings.expirationSeconds),
              (Boolean) value(cached, "cacheNulls", settings.cacheNulls));
    } else if (!isDefault && notCached == null && verbCached && !returns.isVoid) {
      if (returns.isHandle) {
        diagnostics.warning(method, Message.HANDLE_NOT_CACHED, display, draft.verb.name(), returnType);
        draft.kind = Kind.DELEGATING;
        draft.reason = "returns " + simpleText(returnType) + ", a handle rather than data";
      } else {
        draft.kind = Kind.CACHED;
        draft.reason = "its verb " + draft.verb.name() + " is in @Cached(methods)";
        draft.cache = cacheModel(method, returns, settings.expirationSeconds, settings.cacheNulls);
      }
    }

    if (draft.kind == Kind.CACHED) {
      if (invalidates != null) {
        diagnostics.error(method, invalidates, Message.INVALIDATES_ON_CACHED, display, draft.reason);
        return null;
      }
      checkGenericReturn(method, display, returnType);
      return draft;
    }
    if (invalidates != null) {
      draft.kind = Kind.INVALIDATING;
      draft.invalidates = invalidates;
      draft.reason = "@Invalidates on the method";
    } else if (draft.kind == null
        && interfaceCached
        && !isDefault
        && notCached == null
        && Verbs.WRITES.contains(draft.verb.name())
        && !settings.methods.contains(draft.verb.name())) {
      draft.kind = Kind.INVALIDATING;
      draft.invalidatesEndpoint = true;
      draft.reason = "its verb " + draft.verb.name() + " writes";
    } else if (draft.kind == null) {
      if (isDefault) {
        draft.kind = Kind.INHERITED_DEFAULT;
        draft.reason = "a default method: inherited, so the calls it makes go through the proxy";
      } else {
        draft.kind = Kind.DELEGATING;
        draft.reason = delegationReason(settings, notCached, draft.verb, returns);
      }
    }
    checkNoCacheKey(method, display, draft);
    return draft;
  }

  private static String delegationReason(
      Settings settings, AnnotationMirror notCached, Verb verb, ReturnInfo returns) {
    if (notCached != null) {
      return "@NotCached";
    }
    if (settings.annotation == null) {
      return "the interface has no @Cached and the method no @Cached or @Invalidates";
    }
    if (!verb.isPresent()) {
      return "it has no verb";
    }
    if (returns.isVoid && settings.methods.contains(verb.name())) {
      return "it returns nothing to cache";
    }
    return "its verb " + verb.name() + " is neither cached nor a write";
  }

  private void checkMethodLevelSettings(ExecutableElement method, AnnotationMirror cached) {
    for (String[] element :
        new String[][] {
          {"cache", "cache"}, {"invalidation", "invalidation strategy"},
          {"namespace", "namespace"}, {"version", "version"}, {"methods", "list of cached verbs"}
        }) {
      if (Diagnostics.valueOf(cached, element[0]) != null) {
        diagnostics.error(
            method, cached, element[0], Message.ELEMENT_ONLY_ON_INTERFACE, element[0],
            method.getSimpleName() + "()", element[1]);
      }
    }
  }

  private void checkGenericReturn(ExecutableElement method, String display, TypeMirror returnType) {
    for (TypeParameterElement parameter : method.getTypeParameters()) {
      if (mentions(returnType, parameter)) {
        diagnostics.error(
            method, Message.GENERIC_RETURN_TYPE, display, simpleText(returnType), parameter.getSimpleName());
        return;
      }
    }
  }

  private boolean mentions(TypeMirror type, TypeParameterElement parameter) {
    switch (type.getKind()) {
      case TYPEVAR:
        return types.isSameType(type, parameter.asType())
            || ((TypeVariable) type).asElement().equals(parameter);
      case ARRAY:
        return mentions(((ArrayType) type).getComponentType(), parameter);
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (mentions(argument, parameter)) {
            return true;
          }
        }
        return false;
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return (wildcard.getExtendsBound() != null && mentions(wildcard.getExtendsBound(), parameter))
            || (wildcard.getSuperBound() != null && mentions(wildcard.getSuperBound(), parameter));
      default:
        return false;
    }
  }

  private void checkNoCacheKey(ExecutableElement method, String display, Draft draft) {
    for (VariableElement parameter : method.getParameters()) {
      AnnotationMirror cacheKey = Diagnostics.annotation(parameter, CACHE_KEY);
      if (cacheKey != null) {
        diagnostics.error(
            parameter, cacheKey, Message.CACHE_KEY_ON_UNCACHED, parameter.getSimpleName(), display,
            draft.reason);
      }
    }
  }

  private CacheModel cacheModel(
      ExecutableElement method, ReturnInfo returns, long expirationSeconds, boolean cacheNulls) {
    List<Integer> keyParameters = new ArrayList<>();
    List<? extends VariableElement> parameters = method.getParameters();
    boolean anyMarked = parameters.stream().anyMatch(p -> Diagnostics.annotation(p, CACHE_KEY) != null);
    for (int i = 0; i < parameters.size(); i++) {
      if (!anyMarked || Diagnostics.annotation(parameters.get(i), CACHE_KEY) != null) {
        keyParameters.add(i);
      }
    }
    return new CacheModel(
        returns.shape,
        valueType(returns.stored),
        expirationSeconds,
        cacheNulls,
        keyParameters);
  }

  private void checkKeyTypes(Draft draft, String display) {
    List<? extends VariableElement> parameters = draft.element.getParameters();
    for (int position : draft.cache.keyParameters()) {
      TypeMirror type = draft.type.getParameterTypes().get(position);
      Optional<String> why = keyTypes.whyUnstable(type);
      if (why.isPresent()) {
        VariableElement parameter = parameters.get(position);
        diagnostics.error(
            parameter,
            Message.KEY_TYPE_UNSTABLE,
            parameter.getSimpleName(),
            display,
            simpleText(type),
            why.get(),
            keyTypeFix(type));
      }
    }
  }

  /** How to give a key parameter's type a stable text form: change its innermost unstable part. */
  private String keyTypeFix(TypeMirror type) {
    TypeMirror part = unstablePart(type, new LinkedHashSet<>());
    TypeMirror culprit = part != null ? part : type;
    if (culprit.getKind() == TypeKind.WILDCARD) {
      return "declare a specific type argument instead of ?";
    }
    if (culprit.getKind() != TypeKind.DECLARED) {
      return "declare a more specific type than " + simpleText(culprit);
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
   * The innermost part of {@code type} without a stable text form, looking where {@link KeyTypes}
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
        } else if (isNamed(type, "java.util.Optional") || isCollectionOrMap(type)) {
          parts.addAll(declared.getTypeArguments());
        }
      }
      default -> {}
    }
    for (TypeMirror part : parts) {
      if (keyTypes.whyUnstable(part).isPresent()) {
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
    return types.isAssignable(erased, types.erasure(elements.getTypeElement("java.util.Collection").asType()))
        || types.isAssignable(erased, types.erasure(elements.getTypeElement("java.util.Map").asType()));
  }

  // ------------------------------------------------------------------------------- return types

  private record ReturnInfo(boolean isVoid, boolean isHandle, Shape shape, TypeMirror stored) {}

  private ReturnInfo returnInfo(TypeMirror type) {
    if (type.getKind() == TypeKind.VOID || isNamed(type, "java.lang.Void")) {
      return new ReturnInfo(true, false, Shape.PLAIN, type);
    }
    if (isNamed(type, "java.util.concurrent.CompletableFuture")
        || isNamed(type, "java.util.concurrent.CompletionStage")) {
      TypeMirror value = firstArgument(type);
      if (isNamed(value, "java.lang.Void")) {
        return new ReturnInfo(true, false, Shape.FUTURE, value);
      }
      if (isNamed(value, "java.util.Optional")) {
        TypeMirror inner = firstArgument(value);
        return new ReturnInfo(false, isHandle(inner), Shape.FUTURE_OPTIONAL, inner);
      }
      return new ReturnInfo(false, isHandle(value), Shape.FUTURE, value);
    }
    if (isNamed(type, "java.util.Optional")) {
      TypeMirror inner = firstArgument(type);
      return new ReturnInfo(false, isHandle(inner), Shape.OPTIONAL, inner);
    }
    return new ReturnInfo(false, isHandle(type), Shape.PLAIN, type);
  }

  private boolean isHandle(TypeMirror type) {
    return KeyTypes.isOrExtends(types, type, HANDLES);
  }

  private static boolean isNamed(TypeMirror type, String name) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(name);
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

  // ------------------------------------------------------------------------------- names

  /** Signatures like {@code get(long)}; qualified type names where simple ones would collide. */
  private void assignSignatures(List<Draft> drafts) {
    Map<String, Integer> counts = new HashMap<>();
    for (Draft draft : drafts) {
      draft.signature = signature(draft, false);
      counts.merge(draft.signature, 1, Integer::sum);
    }
    for (Draft draft : drafts) {
      if (counts.get(draft.signature) > 1) {
        draft.signature = signature(draft, true);
      }
    }
    Map<String, Integer> names = new HashMap<>();
    for (Draft draft : drafts) {
      names.merge(draft.element.getSimpleName().toString(), 1, Integer::sum);
    }
    Set<String> taken = new LinkedHashSet<>(List.of("ENDPOINT"));
    for (Draft draft : drafts) {
      if (draft.kind != Kind.CACHED && draft.kind != Kind.INVALIDATING) {
        continue;
      }
      String name = upperSnake(draft.element.getSimpleName().toString());
      if (names.get(draft.element.getSimpleName().toString()) > 1) {
        StringBuilder suffix = new StringBuilder();
        for (TypeMirror parameter : draft.type.getParameterTypes()) {
          suffix.append('_').append(upperSnake(simpleText(types.erasure(parameter)).replace("[]", "Array")));
        }
        name += draft.type.getParameterTypes().isEmpty() ? "_NO_ARGS" : suffix.toString();
      }
      String unique = name;
      for (int i = 2; !taken.add(unique); i++) {
        unique = name + "_" + i;
      }
      draft.constantName = unique;
    }
  }

  private String signature(Draft draft, boolean qualified) {
    return draft.element.getSimpleName()
        + draft.type.getParameterTypes().stream()
            .map(t -> qualified ? types.erasure(t).toString() : simpleText(types.erasure(t)))
            .collect(Collectors.joining(",", "(", ")"));
  }

  static String upperSnake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
        sb.append('_');
      }
      sb.append(Character.isJavaIdentifierPart(c) ? Character.toUpperCase(c) : '_');
    }
    return sb.toString();
  }

  /** A type as a user writes it without packages: {@code List<Product>}, {@code long[]}. */
  private static String simpleText(TypeMirror type) {
    return type.toString().replaceAll("\\b[a-z][a-z0-9_]*\\.", "").replaceAll("\\b([A-Z]\\w*)\\.(?=[A-Z])", "$1.");
  }

  private static String display(TypeElement type, ExecutableElement method) {
    return type.getSimpleName() + "." + method.getSimpleName() + "()";
  }

  // ------------------------------------------------------------------------------- model

  private MethodModel toModel(TypeElement type, Draft draft, List<Draft> all) {
    String display = display(type, draft.element);
    Optional<InvalidationModel> invalidation = Optional.empty();
    if (draft.kind == Kind.CACHED) {
      checkKeyTypes(draft, display);
    }
    if (draft.kind == Kind.INVALIDATING) {
      invalidation = Optional.of(invalidation(type, draft, all));
    }
    List<ParameterModel> parameters = new ArrayList<>();
    List<? extends VariableElement> elementsOfParameters = draft.element.getParameters();
    for (int i = 0; i < elementsOfParameters.size(); i++) {
      TypeMirror parameterType = draft.type.getParameterTypes().get(i);
      parameters.add(
          new ParameterModel(
              elementsOfParameters.get(i).getSimpleName().toString(),
              TypeName.get(parameterType),
              keyArgument(parameterType)));
    }
    List<TypeVariableName> typeVariables = new ArrayList<>();
    for (TypeParameterElement parameter : draft.element.getTypeParameters()) {
      typeVariables.add(TypeVariableName.get(parameter));
    }
    List<TypeName> thrown = new ArrayList<>();
    for (TypeMirror exception : draft.type.getThrownTypes()) {
      thrown.add(TypeName.get(exception));
    }
    return new MethodModel(
        draft.element.getSimpleName().toString(),
        draft.signature,
        draft.constantName,
        draft.kind,
        typeVariables,
        TypeName.get(draft.type.getReturnType()),
        parameters,
        draft.element.isVarArgs(),
        thrown,
        draft.verb,
        Optional.ofNullable(draft.cache),
        invalidation,
        draft.reason);
  }

  private static KeyArgument keyArgument(TypeMirror type) {
    switch (type.getKind()) {
      case LONG, INT, SHORT, BYTE:
        return KeyArgument.INTEGRAL;
      case ARRAY, CHAR, BOOLEAN, FLOAT, DOUBLE:
        return KeyArgument.CAST_TO_OBJECT;
      default:
        return KeyArgument.AS_IS;
    }
  }

  private InvalidationModel invalidation(TypeElement type, Draft draft, List<Draft> all) {
    if (draft.invalidatesEndpoint) {
      return new InvalidationModel(true, List.of());
    }
    AnnotationValue names = Diagnostics.valueOf(draft.invalidates, "value");
    if (names == null || asList(names).isEmpty()) {
      return new InvalidationModel(true, List.of());
    }
    List<InvalidationModel.Target> targets = new ArrayList<>();
    for (Object item : asList(names)) {
      String name = (String) ((AnnotationValue) item).getValue();
      List<Draft> matches =
          all.stream()
              .filter(d -> d.kind == Kind.CACHED && d.element.getSimpleName().contentEquals(name))
              .toList();
      if (matches.isEmpty()) {
        String cachedNames =
            all.stream()
                .filter(d -> d.kind == Kind.CACHED)
                .map(d -> d.element.getSimpleName().toString())
                .distinct()
                .collect(Collectors.joining(", "));
        diagnostics.error(
            draft.element,
            draft.invalidates,
            "value",
            Message.INVALIDATES_UNKNOWN,
            name,
            type.getSimpleName(),
            cachedNames.isEmpty() ? " (it has none)" : " (" + cachedNames + ")");
        continue;
      }
      for (Draft target : matches) {
        targets.add(target(draft, target));
      }
    }
    return new InvalidationModel(false, targets);
  }

  /** One key when all of the target's key parameters appear here by name and type; else all entries. */
  private InvalidationModel.Target target(Draft draft, Draft target) {
    List<Integer> positions = new ArrayList<>();
    List<? extends VariableElement> own = draft.element.getParameters();
    for (int keyPosition : target.cache.keyParameters()) {
      VariableElement keyParameter = target.element.getParameters().get(keyPosition);
      TypeMirror keyType = target.type.getParameterTypes().get(keyPosition);
      String name = keyParameter.getSimpleName().toString();
      int found = -1;
      for (int i = 0; i < own.size() && !SYNTHETIC_NAME.matcher(name).matches(); i++) {
        if (own.get(i).getSimpleName().contentEquals(name)
            && sameKeyType(draft.type.getParameterTypes().get(i), keyType)) {
          found = i;
        }
      }
      if (found < 0) {
        return new InvalidationModel.Target(target.constantName, target.signature, List.of(), false);
      }
      positions.add(found);
    }
    return new InvalidationModel.Target(target.constantName, target.signature, positions, true);
  }

  private boolean sameKeyType(TypeMirror a, TypeMirror b) {
    return types.isSameType(boxedErasure(a), boxedErasure(b));
  }

  private TypeMirror boxedErasure(TypeMirror type) {
    if (type.getKind().isPrimitive()) {
      return types.boxedClass((javax.lang.model.type.PrimitiveType) type).asType();
    }
    return types.erasure(type);
  }

  // ------------------------------------------------------------------------------- annotation values

  private static Object value(AnnotationMirror annotation, String name, Object defaultValue) {
    AnnotationValue value = Diagnostics.valueOf(annotation, name);
    return value == null ? defaultValue : value.getValue();
  }

  private static String stringValue(AnnotationMirror annotation, String name, String defaultValue) {
    return (String) value(annotation, name, defaultValue);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(AnnotationValue value) {
    Object v = value.getValue();
    return v instanceof List<?> list ? (List<Object>) list : List.of(value);
  }
}
