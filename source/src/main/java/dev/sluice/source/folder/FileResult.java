package dev.sluice.source.folder;

import dev.sluice.source.Problem;
import java.util.List;

/**
 * What one config file contributed: its objects (none when it has an error) and its problems.
 *
 * <p>Immutable.
 */
record FileResult(List<LoadedObject> objects, List<Problem> problems) {

  FileResult {
    objects = List.copyOf(objects);
    problems = List.copyOf(problems);
  }

  /** Nothing: the file is gone. */
  static final FileResult EMPTY = new FileResult(List.of(), List.of());

  static FileResult failed(Problem problem) {
    return new FileResult(List.of(), List.of(problem));
  }
}
