package dev.sluice.ir;

import java.util.Objects;

/** How a redirect or rewrite changes the request path. */
public sealed interface PathModifier {

  /** Replaces the whole path (the query is kept). */
  record ReplaceFullPath(String path) implements PathModifier {
    public ReplaceFullPath {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Replaces the part of the path matched by the route's {@code PREFIX} path match with {@code
   * prefix}, segment-aware ({@code /foo} → {@code /bar} turns {@code /foo/x} into {@code /bar/x}).
   */
  record ReplacePrefixMatch(String prefix) implements PathModifier {
    public ReplacePrefixMatch {
      Objects.requireNonNull(prefix, "prefix");
    }
  }
}
