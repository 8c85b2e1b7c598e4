package dev.sluice.ir;

/**
 * The size bound of route regular expressions ({@code RegularExpression} path, header and query
 * matches). They run on RE2 (linear time), whose compiled program may have at most {@link
 * #MAX_PROGRAM_SIZE} instructions. RE2 expands counted repetitions while compiling, so {@code
 * ((a{1000}){1000}){1000}} would exhaust the heap before its size could be read: {@link
 * #estimateProgramSize} bounds it from the text first. Translation (validation) and the data plane
 * (compilation) apply the same bound. Stateless; JDK only.
 */
public final class RegexSize {

  /** The largest RE2 program (instructions) a route match may compile to. */
  public static final int MAX_PROGRAM_SIZE = 1000;

  /** Estimates above this are refused without compiling (the estimate over-counts up to ~10×). */
  public static final long MAX_ESTIMATE = 10L * MAX_PROGRAM_SIZE;

  private RegexSize() {}

  /**
   * An upper bound of the program size, computed from the text without compiling: one instruction
   * per literal, class, alternative and operator, with counted repetitions multiplying the size of
   * the atom they repeat. Saturates instead of overflowing.
   */
  public static long estimateProgramSize(String regex) {
    long[] total = new long[regex.length() + 2]; // per open group; depth <= length
    int depth = 0;
    long lastAtom = 0;
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      int end = i + 1;
      long atom = 1;
      switch (c) {
        case '\\' -> end = escapeEnd(regex, i);
        case '[' -> end = classEnd(regex, i);
        case '(' -> {
          depth++;
          total[depth] = 0;
          lastAtom = 0;
          i = end;
          continue;
        }
        case ')' -> {
          atom = depth > 0 ? total[depth] + 1 : 1;
          depth = Math.max(0, depth - 1);
        }
        case '|', '*', '+', '?' -> atom = 0;
        case '{' -> {
          int[] bounds = repeatBounds(regex, i);
          if (bounds != null) {
            long copies = Math.max(bounds[0], bounds[1]) + 1L;
            total[depth] = saturate(total[depth] + lastAtom * copies);
            lastAtom = saturate(lastAtom * copies);
            i = bounds[2];
            continue;
          }
        }
        default -> {}
      }
      total[depth] = saturate(total[depth] + Math.max(atom, 1));
      lastAtom = atom;
      i = end;
    }
    return total[0];
  }

  private static long saturate(long value) {
    return Math.min(value, Integer.MAX_VALUE);
  }

  /** The index after an escape: {@code \p{...}} and {@code \x{...}} include their braces. */
  private static int escapeEnd(String regex, int i) {
    boolean braced = i + 1 < regex.length() && "pPx".indexOf(regex.charAt(i + 1)) >= 0;
    if (braced && i + 2 < regex.length() && regex.charAt(i + 2) == '{') {
      int close = regex.indexOf('}', i + 2);
      return close < 0 ? regex.length() : close + 1;
    }
    return Math.min(i + 2, regex.length());
  }

  /** The index after a character class; a {@code ]} right after {@code [} or {@code [^} is data. */
  private static int classEnd(String regex, int i) {
    int j = i + 1;
    if (j < regex.length() && regex.charAt(j) == '^') {
      j++;
    }
    if (j < regex.length() && regex.charAt(j) == ']') {
      j++;
    }
    while (j < regex.length() && regex.charAt(j) != ']') {
      j += regex.charAt(j) == '\\' ? 2 : 1;
    }
    return Math.min(j + 1, regex.length());
  }

  /** {min, max (or min when open), index after '}'} of a counted repetition at i, or null. */
  private static int[] repeatBounds(String regex, int i) {
    int close = regex.indexOf('}', i);
    if (close < 0) {
      return null;
    }
    String body = regex.substring(i + 1, close);
    if (!body.matches("[0-9]{1,4}(,[0-9]{0,4})?")) {
      return null;
    }
    int comma = body.indexOf(',');
    int min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
    String maxText = comma < 0 ? "" : body.substring(comma + 1);
    int max = maxText.isEmpty() ? min : Integer.parseInt(maxText);
    return new int[] {min, max, close + 1};
  }
}
