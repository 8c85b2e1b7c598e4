package dev.sluice.proxy.routing;

import com.google.re2j.Pattern;
import dev.sluice.ir.ValueMatchKind;

/**
 * A compiled header or query value condition: exact (case-sensitive) or a full-match regular
 * expression evaluated in linear time (RE2/J, see {@link LinearRegex}). Immutable and thread-safe.
 */
final class ValueMatcher {

  private final String exact;
  private final Pattern pattern;

  private ValueMatcher(String exact, Pattern pattern) {
    this.exact = exact;
    this.pattern = pattern;
  }

  /**
   * Compiles a condition; a bad or too large regular expression throws RE2/J's {@code
   * PatternSyntaxException}.
   */
  static ValueMatcher compile(ValueMatchKind kind, String value) {
    return kind == ValueMatchKind.EXACT
        ? new ValueMatcher(value, null)
        : new ValueMatcher(null, LinearRegex.compile(value));
  }

  boolean matches(String actual) {
    return pattern == null ? exact.equals(actual) : pattern.matcher(actual).matches();
  }
}
