package dev.sluice.proxy.routing;

import java.util.Locale;

/** Host name normalisation and wildcard matching. Stateless. */
public final class HostNames {

  private HostNames() {}

  /**
   * Normalises a {@code Host} header or URI authority for matching: lower case, port and trailing
   * dot removed; an IPv6 literal keeps its brackets ({@code [::1]:8080} → {@code [::1]}).
   */
  public static String normalize(String raw) {
    String host = raw.strip();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return (end < 0 ? host : host.substring(0, end + 1)).toLowerCase(Locale.ROOT);
    }
    int colon = host.indexOf(':');
    if (colon >= 0 && colon == host.lastIndexOf(':')) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** Whether {@code pattern} is a wildcard ({@code *.example.com}). */
  static boolean isWildcard(String pattern) {
    return pattern.startsWith("*.");
  }

  /**
   * For a wildcard {@code *.example.com}, the suffix {@code .example.com} that a matching host ends
   * with; a wildcard matches one or more labels, so the host must be longer than the suffix.
   */
  static String wildcardSuffix(String pattern) {
    return pattern.substring(1).toLowerCase(Locale.ROOT);
  }

  static boolean matchesSuffix(String host, String suffix) {
    return host.length() > suffix.length() && host.endsWith(suffix);
  }
}
