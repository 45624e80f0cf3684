package dev.lightcache.processor;

import dev.lightcache.processor.model.CacheModel;
import dev.lightcache.processor.model.Deferred;
import dev.lightcache.processor.model.MethodModel.Kind;
import dev.lightcache.processor.model.Verb;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.ExecutableType;

/**
 * A method while {@link EndpointReader} reads it: classified, but with its names and invalidation
 * targets not resolved yet (they depend on the other methods). Never leaves the reader.
 */
final class MethodDraft {
  /** The declaration that applies: the most specific one. */
  ExecutableElement element;
  /** Where messages about it go. */
  MethodSite site;
  /** Its type as a member of the interface (type variables of supertypes resolved). */
  ExecutableType type;
  String signature;
  String constantName;
  Kind kind;
  Verb verb;
  String reason;
  CacheModel cache;
  Deferred deferred = Deferred.NONE;
  AnnotationMirror invalidates;
  boolean invalidatesEndpoint;
}
