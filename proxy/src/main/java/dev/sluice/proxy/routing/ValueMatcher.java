package dev.sluice.proxy.routing;

import dev.sluice.ir.ValueMatchKind;
import java.util.regex.Pattern;

/**
 * A compiled header or query value condition: exact (case-sensitive) or a full-match regular
 * expression. Immutable and thread-safe.
 */
final class ValueMatcher {

  private final String exact;
  private final Pattern pattern;

  private ValueMatcher(String exact, Pattern pattern) {
    this.exact = exact;
    this.pattern = pattern;
  }

  /** Compiles a condition; a bad regular expression throws {@code PatternSyntaxException}. */
  static ValueMatcher compile(ValueMatchKind kind, String value) {
    return kind == ValueMatchKind.EXACT
        ? new ValueMatcher(value, null)
        : new ValueMatcher(null, Pattern.compile(value));
  }

  boolean matches(String actual) {
    return pattern == null ? exact.equals(actual) : pattern.matcher(actual).matches();
  }
}
