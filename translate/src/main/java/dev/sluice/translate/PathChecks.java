package dev.sluice.translate;

import java.util.Optional;

/**
 * The Gateway API rules for literal paths in matches, redirects and rewrites: absolute, and free of
 * sequences that proxies normalise differently. Stateless.
 */
final class PathChecks {

  private PathChecks() {}

  /** Why {@code path} is not acceptable, or empty when it is. */
  static Optional<String> problem(String path) {
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
