package dev.lightcache.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.ModuleElement.RequiresDirective;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Whether a proxy may carry {@code @javax.annotation.processing.Generated}: the annotation is in this
 * compilation's module graph, and the interface's module can see it. It lives in module
 * {@code java.compiler}, which a named module reads only if it requires it (directly, or through a
 * {@code requires transitive}, as {@code java.se} has it); being in the graph is not enough, as another
 * module may have brought it in ({@code jdk.jdeps} does). A proxy in a module that cannot see it is
 * compiled without it, rather than failing with "package javax.annotation.processing is not visible":
 * it still carries Lightcache's own {@code @LightcacheGenerated}.
 */
final class GeneratedAnnotation {

  static final String NAME = "javax.annotation.processing.Generated";
  private static final String MODULE = "java.compiler";

  private final Elements elements;
  private final boolean exists;

  GeneratedAnnotation(Elements elements) {
    this.elements = elements;
    this.exists = elements.getTypeElement(NAME) != null;
  }

  /**
   * @param type an annotated interface
   * @return whether its proxy, in the same module, can be annotated {@code @Generated}
   */
  boolean visibleFrom(TypeElement type) {
    if (!exists) {
      return false;
    }
    ModuleElement module = elements.getModuleOf(type);
    return module == null || module.isUnnamed() || reads(module);
  }

  /** Whether {@code module} reads {@code java.compiler}: it requires it, or a module it requires implies it. */
  private static boolean reads(ModuleElement module) {
    Deque<ModuleElement> implied = new ArrayDeque<>();
    for (RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
      implied.add(requires.getDependency());
    }
    Set<String> seen = new HashSet<>();
    while (!implied.isEmpty()) {
      ModuleElement next = implied.poll();
      String name = next.getQualifiedName().toString();
      if (name.equals(MODULE)) {
        return true;
      }
      if (seen.add(name)) {
        for (RequiresDirective requires : ElementFilter.requiresIn(next.getDirectives())) {
          if (requires.isTransitive()) {
            implied.add(requires.getDependency());
          }
        }
      }
    }
    return false;
  }
}
