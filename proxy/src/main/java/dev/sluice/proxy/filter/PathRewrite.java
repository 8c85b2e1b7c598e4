package dev.sluice.proxy.filter;

import dev.sluice.ir.PathModifier;

/**
 * A compiled path modifier. Immutable. For {@code ReplacePrefixMatch} it knows the route's matched
 * prefix, normalised without trailing slash, and replaces it segment-aware: with prefix {@code
 * /prefix}, {@code /prefix/x} becomes {@code /new/x} for replacement {@code /new} and {@code /x}
 * for replacement {@code /}.
 */
record PathRewrite(PathModifier modifier, String routePrefix) {

  /** The new path for {@code path} (without query). */
  String apply(String path) {
    return switch (modifier) {
      case PathModifier.ReplaceFullPath full -> full.path();
      case PathModifier.ReplacePrefixMatch prefix -> replacePrefix(prefix.prefix(), path);
    };
  }

  private String replacePrefix(String replacement, String path) {
    String rest = path.length() >= routePrefix.length() ? path.substring(routePrefix.length()) : "";
    String head = stripTrailingSlashes(replacement);
    String result = head + rest;
    return result.isEmpty() ? "/" : result;
  }

  static String stripTrailingSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }

  /** Splits an origin-form URI into path and query ({@code ?q} or empty). */
  static String[] splitUri(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? new String[] {uri, ""} : new String[] {uri.substring(0, q), uri.substring(q)};
  }
}
