package dev.sluice.translate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sluice.ir.RegexSize;
import java.util.Optional;

/**
 * Validates route regular expressions against the engine the data plane runs them on, RE2/J (linear
 * time, so a tenant's {@code (a+)+$} cannot stall it): RE2 syntax only (no backreferences, no
 * lookaround) and a bounded program size, the same bound the proxy enforces. Stateless.
 *
 * <p>RE2 expands counted repetitions while compiling, so {@code ((a{1000}){1000}){1000}} would
 * exhaust the heap before its size could be read; a conservative estimate from the text is checked
 * first ({@link RegexSize}, shared with the data plane).
 */
final class RegexChecks {

  private static final int MAX_PROGRAM_SIZE = RegexSize.MAX_PROGRAM_SIZE;

  private RegexChecks() {}

  /** Why {@code regex} cannot be used in a route match, or empty when it can. */
  static Optional<String> problem(String regex) {
    long estimate = RegexSize.estimateProgramSize(regex);
    if (estimate > RegexSize.MAX_ESTIMATE) {
      return Optional.of(tooLarge(regex, "about " + estimate));
    }
    try {
      Pattern pattern = Pattern.compile(regex);
      return pattern.programSize() > MAX_PROGRAM_SIZE
          ? Optional.of(tooLarge(regex, String.valueOf(pattern.programSize())))
          : Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(
          "invalid regular expression '"
              + regex
              + "': "
              + e.getDescription()
              + " (expected RE2 syntax: no backreferences or lookaround)");
    }
  }

  private static String tooLarge(String regex, String size) {
    return "regular expression '"
        + regex
        + "' compiles to "
        + size
        + " instructions (expected at most "
        + MAX_PROGRAM_SIZE
        + "; reduce counted repetitions such as {1000})";
  }
}
