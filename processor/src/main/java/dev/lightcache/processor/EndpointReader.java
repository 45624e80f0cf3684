package dev.lightcache.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.lightcache.processor.model.CacheModel;
import dev.lightcache.processor.model.EndpointModel;
import dev.lightcache.processor.model.InvalidationModel;
import dev.lightcache.processor.model.MethodModel;
import dev.lightcache.processor.model.MethodModel.Kind;
import dev.lightcache.processor.model.ParameterModel;
import dev.lightcache.processor.model.ParameterModel.KeyArgument;
import dev.lightcache.processor.model.RecordKeyModel;
import dev.lightcache.processor.model.Verb;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
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

  private final Types types;
  private final Diagnostics diagnostics;
  private final Predicate<Element> inSource;
  private final KeyTypes keyTypes;
  private final Signatures signatures;
  private final ReturnTypes returnTypes;
  private final SettingsReader settingsReader;
  private final InvalidationTargets invalidationTargets;
  private final GeneratedAnnotation generatedAnnotation;

  /**
   * @param inSource whether an element's source is part of this compilation (else it comes from a
   *     class file, has no position, and messages about it go on the interface that inherits it)
   */
  EndpointReader(ProcessingEnvironment env, Diagnostics diagnostics, Predicate<Element> inSource) {
    Elements elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.diagnostics = diagnostics;
    this.inSource = inSource;
    this.keyTypes = new KeyTypes(types, elements);
    this.signatures = new Signatures(types, elements);
    this.returnTypes = new ReturnTypes(elements, types);
    this.settingsReader = new SettingsReader(elements, types, diagnostics);
    this.invalidationTargets = new InvalidationTargets(types);
    this.generatedAnnotation = new GeneratedAnnotation(elements);
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
    EndpointSettings settings = settingsReader.read(type);
    List<MethodDraft> drafts = new ArrayList<>();
    for (Signatures.Member member : signatures.methodsOf(type)) {
      MethodDraft draft = classify(type, member, settings);
      if (draft != null) {
        drafts.add(draft);
      }
    }
    assignSignatures(drafts);
    List<MethodModel> methods = new ArrayList<>();
    for (MethodDraft draft : drafts) {
      methods.add(toModel(type, draft, drafts));
    }
    java.util.TreeMap<String, TypeElement> records = new java.util.TreeMap<>();
    for (MethodDraft draft : drafts) {
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
            settings.namespace(),
            settings.version(),
            settings.cacheClass(),
            settings.invalidationClass(),
            methods,
            recordKeys,
            type,
            generatedAnnotation.visibleFrom(type)));
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

  // ------------------------------------------------------------------------------- methods

  private MethodDraft classify(TypeElement type, Signatures.Member member, EndpointSettings settings) {
    ExecutableElement method = member.declaration();
    ExecutableType resolved = signatures.resolve(type, method);
    AnnotationMirror cached = Diagnostics.annotation(method, CACHED);
    AnnotationMirror notCached = Diagnostics.annotation(method, NOT_CACHED);
    AnnotationMirror invalidates = Diagnostics.annotation(method, INVALIDATES);
    boolean isDefault = method.getModifiers().contains(Modifier.DEFAULT);
    String display = display(type, method);
    MethodSite site =
        inSource.test(method)
            ? MethodSite.declared(diagnostics, method)
            : MethodSite.inherited(diagnostics, type, method, resolved);

    if (method.getParameters().isEmpty()
        && (method.getSimpleName().contentEquals("stats") || method.getSimpleName().contentEquals("invalidateAll"))) {
      site.error(Message.MEMBER_CLASH, display, method.getSimpleName() + "()");
      return null;
    }
    if (cached != null && notCached != null) {
      site.error(notCached, Message.CACHED_AND_NOT_CACHED, display);
      return null;
    }
    if (notCached != null && invalidates != null) {
      site.error(invalidates, Message.NOT_CACHED_AND_INVALIDATES, display);
      return null;
    }

    MethodDraft draft = new MethodDraft();
    draft.element = method;
    draft.site = site;
    draft.type = resolved;
    draft.verb = Verbs.of(method, member.overridden());
    TypeMirror returnType = resolved.getReturnType();
    ReturnTypes.Returns returns = returnTypes.classify(returnType);
    draft.deferred = returns.deferred();
    boolean interfaceCached = settings.interfaceCached();
    boolean verbCached = interfaceCached && settings.methods().contains(draft.verb.name());

    if (cached != null) {
      checkMethodLevelSettings(site, method, cached);
      if (returns.isVoid()) {
        site.error(cached, Message.CACHED_VOID, display, Signatures.qualifiedText(returnType));
        return null;
      }
      if (returns.isHandle()) {
        site.error(cached, Message.CACHED_HANDLE, display, Signatures.qualifiedText(returnType));
        return null;
      }
      if (returns.uncacheable().isPresent()) {
        ReturnTypes.Uncacheable why = returns.uncacheable().get();
        site.error(
            cached, Message.CACHED_UNREPLAYABLE, display, Signatures.qualifiedText(returnType),
            UncacheableText.fact(why), UncacheableText.fix(why));
        return null;
      }
      draft.kind = Kind.CACHED;
      draft.reason = "@Cached on the method";
      draft.cache =
          cacheModel(
              method,
              returns,
              settingsReader.expiration(site, cached, settings.expirationSeconds()),
              (Boolean) AnnotationValues.value(cached, "cacheNulls", settings.cacheNulls()));
    } else if (!isDefault && notCached == null && verbCached && !returns.isVoid()) {
      if (returns.isHandle()) {
        site.warning(Message.HANDLE_NOT_CACHED, display, draft.verb.name(), Signatures.qualifiedText(returnType));
        draft.kind = Kind.DELEGATING;
        draft.reason = "returns " + Signatures.simpleText(returnType) + ", a handle rather than data";
      } else if (returns.uncacheable().isPresent()) {
        ReturnTypes.Uncacheable why = returns.uncacheable().get();
        site.warning(
            Message.UNREPLAYABLE_NOT_CACHED, display, draft.verb.name(), Signatures.qualifiedText(returnType),
            UncacheableText.fact(why), UncacheableText.fix(why));
        draft.kind = Kind.DELEGATING;
        draft.reason = "returns " + Signatures.simpleText(returnType) + ", " + UncacheableText.fact(why);
      } else {
        draft.kind = Kind.CACHED;
        draft.reason = "its verb " + draft.verb.name() + " is in @Cached(methods)";
        draft.cache = cacheModel(method, returns, settings.expirationSeconds(), settings.cacheNulls());
      }
    }

    if (draft.kind == Kind.CACHED) {
      if (invalidates != null) {
        site.error(invalidates, Message.INVALIDATES_ON_CACHED, display, draft.reason);
        return null;
      }
      checkGenericReturn(site, method, display, returnType);
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
        && !settings.methods().contains(draft.verb.name())) {
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
    if (draft.kind == Kind.INVALIDATING && returns.completionUnseen()) {
      site.warning(Message.INVALIDATES_BEFORE_COMPLETION, display, Signatures.qualifiedText(returnType));
    }
    checkNoCacheKey(site, method, display, draft);
    return draft;
  }

  private static String delegationReason(
      EndpointSettings settings, AnnotationMirror notCached, Verb verb, ReturnTypes.Returns returns) {
    if (notCached != null) {
      return "@NotCached";
    }
    if (!settings.interfaceCached()) {
      return "the interface has no @Cached and the method no @Cached or @Invalidates";
    }
    if (!verb.isPresent()) {
      return "it has no verb";
    }
    if (returns.isVoid() && settings.methods().contains(verb.name())) {
      return "it returns nothing to cache";
    }
    return "its verb " + verb.name() + " is neither cached nor a write";
  }

  private static void checkMethodLevelSettings(MethodSite site, ExecutableElement method, AnnotationMirror cached) {
    for (String[] element :
        new String[][] {
          {"cache", "cache"}, {"invalidation", "invalidation strategy"},
          {"namespace", "namespace"}, {"version", "version"}, {"methods", "list of cached verbs"}
        }) {
      if (Diagnostics.valueOf(cached, element[0]) != null) {
        site.error(
            cached, element[0], Message.ELEMENT_ONLY_ON_INTERFACE, element[0],
            method.getSimpleName() + "()", element[1]);
      }
    }
  }

  private void checkGenericReturn(MethodSite site, ExecutableElement method, String display, TypeMirror returnType) {
    for (TypeParameterElement parameter : method.getTypeParameters()) {
      if (mentions(returnType, parameter)) {
        site.error(
            Message.GENERIC_RETURN_TYPE, display, Signatures.simpleText(returnType), parameter.getSimpleName());
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

  private static void checkNoCacheKey(MethodSite site, ExecutableElement method, String display, MethodDraft draft) {
    for (VariableElement parameter : method.getParameters()) {
      AnnotationMirror cacheKey = Diagnostics.annotation(parameter, CACHE_KEY);
      if (cacheKey != null) {
        site.errorOnParameter(
            parameter, cacheKey, Message.CACHE_KEY_ON_UNCACHED, parameter.getSimpleName(), display,
            draft.reason);
      }
    }
  }

  private CacheModel cacheModel(
      ExecutableElement method, ReturnTypes.Returns returns, long expirationSeconds, boolean cacheNulls) {
    List<Integer> keyParameters = new ArrayList<>();
    List<? extends VariableElement> parameters = method.getParameters();
    boolean anyMarked = parameters.stream().anyMatch(p -> Diagnostics.annotation(p, CACHE_KEY) != null);
    for (int i = 0; i < parameters.size(); i++) {
      if (!anyMarked || Diagnostics.annotation(parameters.get(i), CACHE_KEY) != null) {
        keyParameters.add(i);
      }
    }
    return new CacheModel(
        returns.shape(),
        returnTypes.valueType(returns.stored()),
        expirationSeconds,
        cacheNulls,
        keyParameters,
        returns.status());
  }

  private void checkKeyTypes(MethodDraft draft, String display) {
    List<? extends VariableElement> parameters = draft.element.getParameters();
    for (int position : draft.cache.keyParameters()) {
      TypeMirror type = draft.type.getParameterTypes().get(position);
      Optional<String> why = keyTypes.whyUnstable(type);
      if (why.isPresent()) {
        VariableElement parameter = parameters.get(position);
        draft.site.errorOnParameter(
            parameter,
            null,
            Message.KEY_TYPE_UNSTABLE,
            parameter.getSimpleName(),
            display,
            Signatures.simpleText(type),
            why.get(),
            keyTypes.fix(type));
      }
    }
  }

  // ------------------------------------------------------------------------------- names

  /** Signatures like {@code get(long)}; qualified type names where simple ones would collide. */
  private void assignSignatures(List<MethodDraft> drafts) {
    Map<String, Integer> counts = new HashMap<>();
    for (MethodDraft draft : drafts) {
      draft.signature = signatures.identity(draft.element, draft.type, false);
      counts.merge(draft.signature, 1, Integer::sum);
    }
    for (MethodDraft draft : drafts) {
      if (counts.get(draft.signature) > 1) {
        draft.signature = signatures.identity(draft.element, draft.type, true);
      }
    }
    Map<String, Integer> names = new HashMap<>();
    for (MethodDraft draft : drafts) {
      names.merge(draft.element.getSimpleName().toString(), 1, Integer::sum);
    }
    Set<String> taken = new LinkedHashSet<>(List.of("ENDPOINT"));
    for (MethodDraft draft : drafts) {
      if (draft.kind != Kind.CACHED && draft.kind != Kind.INVALIDATING) {
        continue;
      }
      String name = upperSnake(draft.element.getSimpleName().toString());
      if (names.get(draft.element.getSimpleName().toString()) > 1) {
        StringBuilder suffix = new StringBuilder();
        for (TypeMirror parameter : draft.type.getParameterTypes()) {
          suffix.append('_').append(upperSnake(signatures.erasedText(parameter, false).replace("[]", "Array")));
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

  private static String display(TypeElement type, ExecutableElement method) {
    return type.getSimpleName() + "." + method.getSimpleName() + "()";
  }

  // ------------------------------------------------------------------------------- model

  private MethodModel toModel(TypeElement type, MethodDraft draft, List<MethodDraft> all) {
    String display = display(type, draft.element);
    Optional<InvalidationModel> invalidation = Optional.empty();
    if (draft.kind == Kind.CACHED) {
      checkKeyTypes(draft, display);
    }
    if (draft.kind == Kind.INVALIDATING) {
      invalidation = Optional.of(invalidationTargets.resolve(type, draft, all));
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
        draft.deferred,
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
}
