package dev.sluice.translate;

import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
import dev.sluice.source.ResourceSet;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the problems of one translation, each naming object, field and source location. Confined
 * to one {@link Translator#translate} call.
 */
final class Problems {

  private final ResourceSet resources;
  private final List<Problem> problems = new ArrayList<>();

  Problems(ResourceSet resources) {
    this.resources = resources;
  }

  void error(HasMetadata object, String field, String message) {
    add(Problem.Severity.ERROR, object, field, message);
  }

  void warning(HasMetadata object, String field, String message) {
    add(Problem.Severity.WARNING, object, field, message);
  }

  List<Problem> toList() {
    return List.copyOf(problems);
  }

  /** How many problems were reported so far; see {@link #since}. */
  int mark() {
    return problems.size();
  }

  /** The problems reported after {@code mark} was taken. */
  List<Problem> since(int mark) {
    return List.copyOf(problems.subList(mark, problems.size()));
  }

  /** Reports problems found by an earlier translation again (see {@link TranslationMemo}). */
  void addAll(List<Problem> earlier) {
    problems.addAll(earlier);
  }

  /** Where {@code object} was read from, if known (and if it has a name to look it up by). */
  static Optional<SourceLocation> locationOf(ResourceSet resources, HasMetadata object) {
    if (object.getMetadata() == null
        || object.getMetadata().getName() == null
        || object.getKind() == null) {
      return Optional.empty();
    }
    return resources.locationOf(refOf(object));
  }

  static ObjectRef refOf(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return new ObjectRef(
        object.getKind(), namespace == null ? "" : namespace, object.getMetadata().getName());
  }

  private void add(Problem.Severity severity, HasMetadata object, String field, String message) {
    ObjectRef ref = refOf(object);
    problems.add(
        new Problem(severity, resources.locationOf(ref), Optional.of(ref), field, message));
  }
}
