package dev.sluice.translate;

import java.util.Optional;

/**
 * The Gateway API rules for literal paths in matches, redirects and rewrites: absolute, and free of
 * sequences that proxies normalise differently, and free of control characters, raw or
 * percent-encoded (a {@code %0d%0a} that a backend decodes is a CRLF injection). Stateless.
 */
final class PathChecks {

  private PathChecks() {}

  /** Why {@code path} is not acceptable, or empty when it is. */
  static Optional<String> problem(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return Optional.of(
            "path '"
                + ControlChars.escape(path)
                + "' contains "
                + (c == ' ' ? "a space" : "the control character " + ControlChars.name(c))
                + " at index "
                + i
                + " (expected: visible ASCII; percent-encode other characters)");
      }
    }
    Optional<String> encoded = ControlChars.encoded(path);
    if (encoded.isPresent()) {
      return Optional.of(
          "path '" + path + "' contains the encoded control character " + encoded.get());
    }
    if (!path.startsWith("/")) {
      return Optional.of("path '" + path + "' must start with '/'");
    }
    for (String bad : new String[] {"//", "/./", "/../", "%2f", "%2F", "#"}) {
      if (path.contains(bad)) {
        return Optional.of("path '" + path + "' must not contain '" + bad + "'");
      }
    }
    if (path.endsWith("/..") || path.endsWith("/.")) {
      return Optional.of("path '" + path + "' must not end with '/.' or '/..'");
    }
    return Optional.empty();
  }
}
