package dev.sluice.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gateway API hostname rules: validation, wildcard matching and the intersection of a listener
 * hostname with route hostnames. Stateless.
 *
 * <p>A wildcard {@code *.example.com} matches one or more labels in front of {@code example.com},
 * never {@code example.com} itself.
 */
final class Hostnames {

  private static final Pattern HOSTNAME =
      Pattern.compile(
          "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern IPV4 = Pattern.compile("^[0-9]+(\\.[0-9]+){3}$");

  private Hostnames() {}

  /** Why {@code hostname} is not a valid Gateway API hostname, or empty when it is. */
  static Optional<String> validate(String hostname) {
    if (hostname.length() > 253) {
      return Optional.of("hostname '" + hostname + "' is longer than 253 characters");
    }
    for (int i = 0; i < hostname.length(); i++) {
      char c = hostname.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        // Checked first: CR LF in a hostname is a header injection, whatever else is wrong.
        return Optional.of(
            "hostname '"
                + ControlChars.escape(hostname)
                + "' contains the control character "
                + ControlChars.name(c)
                + " at index "
                + i
                + " (expected: a DNS name)");
      }
    }
    if (IPV4.matcher(hostname).matches() || hostname.contains(":")) {
      return Optional.of("hostname '" + hostname + "' is an IP address (expected: a DNS name)");
    }
    if (!HOSTNAME.matcher(hostname).matches()) {
      return Optional.of(
          "hostname '"
              + hostname
              + "' is not a valid DNS name (expected: lower-case labels, optionally prefixed by"
              + " '*.')");
    }
    return Optional.empty();
  }

  static boolean isWildcard(String hostname) {
    return hostname.startsWith("*.");
  }

  /**
   * The hostnames a listener and a route have in common: the more specific of the two when one
   * covers the other, else empty.
   */
  static Optional<String> intersect(String listener, String route) {
    boolean listenerWild = isWildcard(listener);
    boolean routeWild = isWildcard(route);
    if (!listenerWild && !routeWild) {
      return listener.equals(route) ? Optional.of(listener) : Optional.empty();
    }
    if (listenerWild && !routeWild) {
      return covers(listener, route) ? Optional.of(route) : Optional.empty();
    }
    if (!listenerWild) {
      return covers(route, listener) ? Optional.of(listener) : Optional.empty();
    }
    if (listener.equals(route) || covers(route, listener)) {
      return Optional.of(listener);
    }
    return covers(listener, route) ? Optional.of(route) : Optional.empty();
  }

  /**
   * The hostnames a route serves on a listener: empty Optional when they have none in common; an
   * empty list when both accept any host.
   */
  static Optional<List<String>> intersect(Optional<String> listener, List<String> route) {
    if (route.isEmpty()) {
      return Optional.of(listener.map(List::of).orElse(List.of()));
    }
    if (listener.isEmpty()) {
      return Optional.of(route.stream().distinct().toList());
    }
    List<String> common = new ArrayList<>();
    for (String hostname : route) {
      intersect(listener.get(), hostname).filter(h -> !common.contains(h)).ifPresent(common::add);
    }
    return common.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(common));
  }

  /**
   * Whether wildcard {@code wildcard} matches every name {@code other} matches; {@code other} is an
   * exact name or a longer wildcard.
   */
  private static boolean covers(String wildcard, String other) {
    String suffix = wildcard.substring(1);
    return other.endsWith(suffix) && other.length() > suffix.length();
  }
}
