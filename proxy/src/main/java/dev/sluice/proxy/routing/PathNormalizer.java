package dev.sluice.proxy.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Normalises a request path once, before route matching; the backend receives the same normalised
 * path, so matching and forwarding never disagree (reliability-security.md §4 D1–D4, D6, D8).
 *
 * <ul>
 *   <li>Percent-encoded unreserved characters are decoded ({@code %61} → {@code a}, {@code %2e} →
 *       {@code .}); every other escape is kept with upper-case hex ({@code %2f} → {@code %2F}).
 *       Encoded slashes and backslashes ({@code %2F}, {@code %5C}) therefore stay encoded and never
 *       split a segment: Envoy's default ({@code KEEP_UNCHANGED}), so {@code /admin%2Fx} does not
 *       match a {@code /admin} prefix and reaches the backend as sent.
 *   <li>Repeated slashes are merged ({@code //a///b} → {@code /a/b}).
 *   <li>Path parameters are removed (§4 D4): in every segment, a literal {@code ;} and what follows
 *       it up to the next {@code /} are dropped, as Tomcat, Jetty and Spring do before they match.
 *       {@code /admin;x=1} becomes {@code /admin}, {@code /api;v=1/admin} becomes {@code
 *       /api/admin}, and a dot segment carrying parameters is a dot segment ({@code
 *       /public/..;/admin} becomes {@code /admin}, so it can never match a {@code /public} prefix
 *       while the backend serves {@code /admin}). Routes and every kind of backend then see the
 *       same path. An encoded {@code %3B} is not a delimiter: it stays encoded and is kept.
 *   <li>Dot segments are removed per RFC 3986 §5.2.4, after decoding, so {@code /%2e%2e/} counts;
 *       {@code ..} never climbs above the root.
 *   <li>Rejected (empty result, the caller answers 400): a malformed escape ({@code %zz}, a
 *       truncated {@code %4}), {@code %00}, a literal backslash, a fragment ({@code #}), and any
 *       control, space or non-ASCII character.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class PathNormalizer {

  private PathNormalizer() {}

  /** The normalised form of {@code path} (which starts with {@code /}), or empty if invalid. */
  public static Optional<String> normalize(String path) {
    // Almost every request path is already normal: one scan and no copy for those.
    return alreadyNormal(path) ? Optional.of(path) : decodeAndResolve(path);
  }

  /**
   * Whether {@code path} has nothing to decode, drop or resolve: no escapes, parameters, empty
   * segments or segments starting with a dot, and no character that makes it invalid.
   */
  static boolean alreadyNormal(String path) {
    char previous = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' || c == ';' || c <= 0x20 || c >= 0x7f || c == '\\' || c == '#') {
        return false;
      }
      if (previous == '/' && (c == '/' || c == '.')) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  /** The general case of {@link #normalize}: decodes, validates and resolves dot segments. */
  static Optional<String> decodeAndResolve(String path) {
    StringBuilder decoded = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        int value = hex(path, i + 1);
        if (value <= 0) {
          return Optional.empty();
        }
        if (unreserved((char) value)) {
          decoded.append((char) value);
        } else {
          decoded.append('%').append(Character.toUpperCase(path.charAt(i + 1)));
          decoded.append(Character.toUpperCase(path.charAt(i + 2)));
        }
        i += 2;
      } else if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '#') {
        return Optional.empty();
      } else {
        decoded.append(c);
      }
    }
    return Optional.of(removeDotSegments(decoded.toString()));
  }

  /** The byte of the two hex digits at {@code at}, or -1 if they are not two hex digits. */
  private static int hex(String s, int at) {
    if (at + 2 > s.length()) {
      return -1;
    }
    int hi = Character.digit(s.charAt(at), 16);
    int lo = Character.digit(s.charAt(at + 1), 16);
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }

  private static boolean unreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /**
   * Drops path parameters, merges slashes and resolves {@code .} and {@code ..}; keeps a trailing
   * slash.
   */
  static String removeDotSegments(String path) {
    String[] segments = path.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    boolean trailingSlash = false;
    for (int i = 0; i < segments.length; i++) {
      String segment = withoutParameters(segments[i]);
      boolean last = i == segments.length - 1;
      switch (segment) {
        case "." -> trailingSlash = true;
        case ".." -> {
          if (!out.isEmpty()) {
            out.remove(out.size() - 1);
          }
          trailingSlash = true;
        }
        case "" -> trailingSlash = last;
        default -> {
          out.add(segment);
          trailingSlash = false;
        }
      }
    }
    String joined = "/" + String.join("/", out);
    return trailingSlash && !out.isEmpty() ? joined + "/" : joined;
  }

  /** The segment up to its first {@code ;} (its name, without parameters). */
  private static String withoutParameters(String segment) {
    int semicolon = segment.indexOf(';');
    return semicolon < 0 ? segment : segment.substring(0, semicolon);
  }
}
