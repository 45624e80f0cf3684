package dev.lightcache.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.lightcache.processor.model.EndpointModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;

/**
 * The entry point: finds interfaces with {@code @Cached} (on the type or a method), reads each into a
 * model with {@link EndpointReader} and writes its proxy with {@link ProxyWriter}. An interface that
 * refers to types not generated yet is deferred to the next round; an internal failure becomes one
 * error with its stack trace instead of a crashed build.
 */
@AutoService(Processor.class)
public final class CachedProcessor extends AbstractProcessor {

  private Diagnostics diagnostics;
  private EndpointReader reader;
  private ProxyWriter writer;
  private Completeness completeness;
  /** Interfaces deferred because a type they mention is not complete yet, by qualified name. */
  private final Set<String> deferred = new LinkedHashSet<>();
  /**
   * The top-level types whose sources are part of this compilation, from every round so far: the
   * others come from class files, which have no source position to report on.
   */
  private final Set<String> sourceTypes = new HashSet<>();

  /**
   * Called by javac, which finds the processor on the annotation processor path (its {@code
   * META-INF/services} entry) or by name ({@code -processor}); {@link #init} prepares it.
   */
  public CachedProcessor() {}

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager());
    reader = new EndpointReader(env, diagnostics, this::isInSource);
    writer = new ProxyWriter();
    completeness = new Completeness(env.getTypeUtils());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(
        EndpointReader.CACHED, EndpointReader.NOT_CACHED, EndpointReader.CACHE_KEY, EndpointReader.INVALIDATES);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element root : round.getRootElements()) {
      if (root instanceof TypeElement type) {
        sourceTypes.add(type.getQualifiedName().toString());
      }
    }
    TypeElement cached = processingEnv.getElementUtils().getTypeElement(EndpointReader.CACHED);
    // Sorted by name: the order of generation (and of messages) does not depend on the round's order.
    TreeMap<String, TypeElement> endpoints = new TreeMap<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        endpoints.put(name, type);
      }
    }
    deferred.clear();
    if (cached != null) {
      for (Element element : round.getElementsAnnotatedWith(cached)) {
        TypeElement endpoint = endpointOf(element);
        if (endpoint != null) {
          endpoints.put(endpoint.getQualifiedName().toString(), endpoint);
        }
      }
    }
    for (TypeElement endpoint : endpoints.values()) {
      processEndpoint(endpoint, round.processingOver());
    }
    reportStrayAnnotations(round);
    if (round.processingOver()) {
      for (String name : deferred) {
        TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
        completeness
            .firstIncomplete(type)
            .ifPresentOrElse(
                missing -> reportIncomplete(missing),
                () -> diagnostics.error(type, Message.INCOMPLETE_TYPE, name, "a type"));
      }
      deferred.clear();
    }
    return false;
  }

  /**
   * {@code @NotCached}, {@code @CacheKey} and {@code @Invalidates} do something only in a type with
   * {@code @Cached}; anywhere else they would be silently ignored, so they are errors.
   */
  private void reportStrayAnnotations(RoundEnvironment round) {
    for (String annotation :
        new String[] {EndpointReader.NOT_CACHED, EndpointReader.CACHE_KEY, EndpointReader.INVALIDATES}) {
      TypeElement annotationType = processingEnv.getElementUtils().getTypeElement(annotation);
      if (annotationType == null) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(annotationType)) {
        Element method = element.getKind() == ElementKind.PARAMETER ? element.getEnclosingElement() : element;
        Element type = method.getEnclosingElement();
        if (type instanceof TypeElement typeElement && !hasCached(typeElement)) {
          String simple = annotationType.getSimpleName().toString();
          String where =
              (element == method ? "" : "parameter " + element.getSimpleName() + " of ")
                  + type.getSimpleName() + "." + method.getSimpleName() + "()";
          diagnostics.error(
              element,
              Diagnostics.annotation(element, annotation),
              Message.ANNOTATION_WITHOUT_CACHED,
              simple,
              where,
              typeElement.getQualifiedName(),
              simple);
          diagnostics.resetErrors();
        }
      }
    }
  }

  private static boolean hasCached(TypeElement type) {
    if (Diagnostics.annotation(type, EndpointReader.CACHED) != null) {
      return true;
    }
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() == ElementKind.METHOD
          && Diagnostics.annotation(member, EndpointReader.CACHED) != null) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code element} is declared in a source of this compilation, not read from a class file. */
  private boolean isInSource(Element element) {
    Element outermost = element;
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement) {
        outermost = e;
      }
    }
    return outermost instanceof TypeElement type && sourceTypes.contains(type.getQualifiedName().toString());
  }

  /** The interface a {@code @Cached} element belongs to, or {@code null} after reporting a misuse. */
  private TypeElement endpointOf(Element element) {
    if (element.getKind() == ElementKind.INTERFACE) {
      return (TypeElement) element;
    }
    if (element.getKind() == ElementKind.METHOD) {
      Element enclosing = element.getEnclosingElement();
      if (enclosing.getKind() == ElementKind.INTERFACE) {
        return (TypeElement) enclosing;
      }
      reportNotInterface(element, enclosing);
      return null;
    }
    reportNotInterface(element, element);
    return null;
  }

  private void reportNotInterface(Element element, Element type) {
    String kind =
        switch (type.getKind()) {
          case CLASS -> "the class";
          case ENUM -> "the enum";
          case RECORD -> "the record";
          case ANNOTATION_TYPE -> "the annotation type";
          default -> "the " + type.getKind().toString().toLowerCase(java.util.Locale.ROOT);
        };
    String what = element == type ? kind : "a method of " + kind;
    diagnostics.error(
        element,
        Diagnostics.annotation(element, EndpointReader.CACHED),
        Message.CACHED_NOT_ON_INTERFACE,
        what,
        ((TypeElement) type).getQualifiedName(),
        type.getSimpleName());
    diagnostics.resetErrors();
  }

  /**
   * Writes the file in one call: {@code JavaFile.writeTo(Filer)} streams every token through the
   * filer's unbuffered writer, which was most of the processor's time (docs/benchmarks.md).
   */
  private void write(JavaFile file, EndpointModel model) throws IOException {
    JavaFileObject source =
        processingEnv.getFiler().createSourceFile(model.proxyName().canonicalName(), model.originatingElement());
    try (Writer out = source.openWriter()) {
      out.write(file.toString());
    }
  }

  private void reportIncomplete(Completeness.Incomplete missing) {
    diagnostics.error(missing.where(), Message.INCOMPLETE_TYPE, missing.what(), missing.typeName());
  }

  private void processEndpoint(TypeElement endpoint, boolean lastRound) {
    diagnostics.resetErrors();
    try {
      Optional<Completeness.Incomplete> missing = completeness.firstIncomplete(endpoint);
      if (missing.isPresent()) {
        if (lastRound) {
          reportIncomplete(missing.get());
        } else {
          deferred.add(endpoint.getQualifiedName().toString());
        }
        return;
      }
      Optional<EndpointModel> model = reader.read(endpoint);
      if (model.isPresent()) {
        write(writer.write(model.get()), model.get());
      }
    } catch (IOException | RuntimeException | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      processingEnv.getMessager().printMessage(
          Kind.ERROR, Message.INTERNAL_ERROR.format(endpoint.getQualifiedName(), trace), endpoint);
    }
  }
}
