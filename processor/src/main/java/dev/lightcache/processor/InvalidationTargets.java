package dev.lightcache.processor;

import static dev.lightcache.processor.AnnotationValues.asList;

import dev.lightcache.processor.model.InvalidationModel;
import dev.lightcache.processor.model.MethodModel.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Resolves what an invalidating method invalidates: the names of {@code @Invalidates} to cached methods,
 * each to one key when the target's key parameters all appear in the invalidating method by name and
 * type, else to every entry of the target.
 */
final class InvalidationTargets {

  /** Parameter names javac makes up for class files compiled without {@code -parameters}. */
  private static final Pattern SYNTHETIC_NAME = Pattern.compile("arg\\d+");

  private final Types types;

  InvalidationTargets(Types types) {
    this.types = types;
  }

  InvalidationModel resolve(TypeElement type, MethodDraft draft, List<MethodDraft> all) {
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
      List<MethodDraft> matches =
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
        draft.site.error(
            draft.invalidates,
            "value",
            Message.INVALIDATES_UNKNOWN,
            name,
            type.getSimpleName(),
            cachedNames.isEmpty() ? " (it has none)" : " (" + cachedNames + ")");
        continue;
      }
      for (MethodDraft target : matches) {
        targets.add(target(draft, target));
      }
    }
    return new InvalidationModel(false, targets);
  }

  /** One key when all of the target's key parameters appear here by name and type; else all entries. */
  private InvalidationModel.Target target(MethodDraft draft, MethodDraft target) {
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
      return types.boxedClass((PrimitiveType) type).asType();
    }
    return types.erasure(type);
  }
}
