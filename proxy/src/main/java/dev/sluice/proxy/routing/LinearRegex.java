package dev.sluice.proxy.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.sluice.ir.RegexSize;

/**
 * Compiles the regular expressions of route matches with RE2/J, whose matching time is linear in
 * the input, so that a tenant's expression such as {@code (a+)+$} cannot stall an event loop
 * (catastrophic backtracking). Backreferences and lookaround do not exist in RE2 and are rejected.
 * Stateless and thread-safe; the compiled {@link Pattern} is thread-safe too.
 *
 * <p>The compiled program is bounded by {@link #MAX_PROGRAM_SIZE} instructions. Since RE2 expands
 * counted repetitions while compiling, {@code ((a{1000}){1000}){1000}} would exhaust the heap
 * before its size could be read; {@link RegexSize} bounds it from the text first.
 */
final class LinearRegex {

  /** The largest RE2 program (instructions) a route match may compile to. */
  static final int MAX_PROGRAM_SIZE = RegexSize.MAX_PROGRAM_SIZE;

  private LinearRegex() {}

  /**
   * Compiles {@code regex}.
   *
   * @throws PatternSyntaxException when RE2 cannot parse it or its program is too large
   */
  static Pattern compile(String regex) {
    long estimate = RegexSize.estimateProgramSize(regex);
    if (estimate > RegexSize.MAX_ESTIMATE) {
      throw tooLarge(regex, "about " + estimate);
    }
    Pattern pattern = Pattern.compile(regex);
    if (pattern.programSize() > MAX_PROGRAM_SIZE) {
      throw tooLarge(regex, String.valueOf(pattern.programSize()));
    }
    return pattern;
  }

  private static PatternSyntaxException tooLarge(String regex, String size) {
    return new PatternSyntaxException(
        "program of " + size + " instructions exceeds the limit of " + MAX_PROGRAM_SIZE, regex);
  }
}
