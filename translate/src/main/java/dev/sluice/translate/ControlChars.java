package dev.sluice.translate;

import java.util.Optional;

/**
 * Finds and names control characters in config values that end up in HTTP messages (header values,
 * rewritten paths), raw or percent-encoded, so that problems show them visibly instead of breaking
 * the log line they are printed on. Stateless.
 */
final class ControlChars {

  private ControlChars() {}

  /** The value with CR, LF, NUL and other control characters shown as {@code \r}, {@code \x00}. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(name(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code \r}, {@code \n}, {@code \t} or {@code \xHH}. */
  static String name(char c) {
    return switch (c) {
      case '\r' -> "\\r";
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      default -> String.format("\\x%02x", (int) c);
    };
  }

  /**
   * The first percent-encoded control character ({@code %00}..{@code %1F}, {@code %7F}) in {@code
   * value}, such as {@code %0d%0a}, which a backend decoding the path would turn into CR LF.
   */
  static Optional<String> encoded(String value) {
    for (int i = value.indexOf('%');
        i >= 0 && i + 2 < value.length();
        i = value.indexOf('%', i + 1)) {
      int hi = Character.digit(value.charAt(i + 1), 16);
      int lo = Character.digit(value.charAt(i + 2), 16);
      int decoded = hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
      if ((decoded >= 0 && decoded < 0x20) || decoded == 0x7f) {
        return Optional.of(value.substring(i, i + 3));
      }
    }
    return Optional.empty();
  }
}
