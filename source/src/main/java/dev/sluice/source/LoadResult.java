package dev.sluice.source;

import java.util.List;
import java.util.Objects;

/**
 * What a source read: the objects it could parse, and the problems with what it could not.
 *
 * <p>A file with a problem contributes nothing (partially read files would silently drop config),
 * so the reload loop can decide to keep the last good config when {@link #hasErrors()}.
 */
public record LoadResult(ResourceSet resources, List<Problem> problems) {

  public LoadResult {
    Objects.requireNonNull(resources, "resources");
    problems = List.copyOf(problems);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
  }
}
