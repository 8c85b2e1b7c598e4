package dev.sluice.ir;

import java.util.Objects;

/**
 * A path condition.
 *
 * <p>{@code PREFIX} is segment-aware: {@code /foo} matches {@code /foo}, {@code /foo/} and {@code
 * /foo/bar} but not {@code /foobar}; a trailing slash in the value is ignored. {@code
 * REGULAR_EXPRESSION} must match the whole path (Java regex syntax).
 *
 * @param kind how {@code value} is compared with the request path (without query)
 * @param value the path or pattern
 */
public record PathMatch(Kind kind, String value) {

  /** How a path is compared. */
  public enum Kind {
    EXACT,
    PREFIX,
    REGULAR_EXPRESSION
  }

  public PathMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  public static PathMatch exact(String path) {
    return new PathMatch(Kind.EXACT, path);
  }

  public static PathMatch prefix(String path) {
    return new PathMatch(Kind.PREFIX, path);
  }

  public static PathMatch regex(String pattern) {
    return new PathMatch(Kind.REGULAR_EXPRESSION, pattern);
  }
}
