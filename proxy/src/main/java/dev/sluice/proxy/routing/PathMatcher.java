package dev.sluice.proxy.routing;

import com.google.re2j.Pattern;
import dev.sluice.ir.PathMatch;

/**
 * A compiled path condition. Immutable and thread-safe.
 *
 * <p>{@code PREFIX} is segment-aware and ignores a trailing slash in the prefix, so {@code /foo}
 * and {@code /foo/} both match {@code /foo}, {@code /foo/} and {@code /foo/x} but not {@code
 * /foobar}. Regular expressions must match the whole path; they run on RE2/J, in time linear in the
 * path (see {@link LinearRegex}).
 */
final class PathMatcher {

  private final PathMatch.Kind kind;
  private final String value;
  private final Pattern pattern;

  private PathMatcher(PathMatch.Kind kind, String value, Pattern pattern) {
    this.kind = kind;
    this.value = value;
    this.pattern = pattern;
  }

  /**
   * Compiles {@code match}; a bad or too large regular expression throws RE2/J's {@code
   * PatternSyntaxException}.
   */
  static PathMatcher compile(PathMatch match) {
    return switch (match.kind()) {
      case EXACT -> new PathMatcher(PathMatch.Kind.EXACT, match.value(), null);
      case PREFIX -> new PathMatcher(PathMatch.Kind.PREFIX, normalizePrefix(match.value()), null);
      case REGULAR_EXPRESSION ->
          new PathMatcher(
              PathMatch.Kind.REGULAR_EXPRESSION, match.value(), LinearRegex.compile(match.value()));
    };
  }

  /** The prefix without trailing slashes ({@code /} becomes the empty string). */
  static String normalizePrefix(String prefix) {
    int end = prefix.length();
    while (end > 0 && prefix.charAt(end - 1) == '/') {
      end--;
    }
    return prefix.substring(0, end);
  }

  PathMatch.Kind kind() {
    return kind;
  }

  /** The exact path, the normalised prefix (see {@link #normalizePrefix}) or the expression. */
  String value() {
    return value;
  }

  boolean matches(String path) {
    return switch (kind) {
      case EXACT -> value.equals(path);
      case PREFIX -> matchesPrefix(value, path);
      case REGULAR_EXPRESSION -> pattern.matcher(path).matches();
    };
  }

  /** Segment-aware prefix test; {@code normalizedPrefix} has no trailing slash. */
  static boolean matchesPrefix(String normalizedPrefix, String path) {
    if (!path.startsWith(normalizedPrefix)) {
      return false;
    }
    return path.length() == normalizedPrefix.length()
        || path.charAt(normalizedPrefix.length()) == '/';
  }
}
