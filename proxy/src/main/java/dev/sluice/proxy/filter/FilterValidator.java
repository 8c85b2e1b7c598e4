package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.Route;
import dev.sluice.proxy.routing.RouteCompileException;
import java.util.List;
import java.util.Optional;

/**
 * Checks values that filters write into requests and responses, naming the route and field on
 * failure. Immutable.
 */
record FilterValidator(Route route, String field) {

  RouteCompileException error(String subField, String message) {
    return new RouteCompileException(Optional.of(route.key()), field + "." + subField, message);
  }

  void header(String subField, HttpHeader header) throws RouteCompileException {
    headerName(subField + ".name", header.name());
    for (int i = 0; i < header.value().length(); i++) {
      char c = header.value().charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw error(
            subField + ".value",
            "'"
                + printable(header.value())
                + "' contains the control character "
                + String.format("0x%02x", (int) c)
                + " at index "
                + i
                + " (expected visible characters, spaces and tabs only)");
      }
    }
  }

  void headerName(String subField, String name) throws RouteCompileException {
    if (name.isEmpty() || !name.chars().allMatch(FilterValidator::isTokenChar)) {
      throw error(
          subField, "'" + printable(name) + "' (expected an HTTP token such as X-My-Header)");
    }
  }

  void hostname(String subField, String host) throws RouteCompileException {
    if (host.isEmpty()
        || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
      throw error(subField, "'" + printable(host) + "' (expected a DNS name such as example.com)");
    }
  }

  void path(String subField, String path) throws RouteCompileException {
    if (!path.startsWith("/")
        || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#')) {
      throw error(
          subField,
          "'" + printable(path) + "' (expected an absolute path without query, e.g. /v2)");
    }
    int escape = encodedControl(path);
    if (escape >= 0) {
      // A backend that decodes the path would see CR, LF or NUL: the request line is not split
      // here, but the value is as hostile as a raw one (and clients' %00 is a 400, see D6).
      throw error(
          subField,
          "'"
              + path
              + "' contains the encoded control character "
              + path.substring(escape, escape + 3)
              + " (expected printable characters only)");
    }
  }

  /** Each entry is {@code *} or an HTTP token, as it is listed in a header value. */
  void tokens(String subField, List<String> values) throws RouteCompileException {
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).equals("*")) {
        headerName(subField + "[" + i + "]", values.get(i));
      }
    }
  }

  /** The index of the first {@code %XX} escape of a control character, or -1. */
  static int encodedControl(String value) {
    for (int i = value.indexOf('%'); i >= 0 && i + 2 < value.length(); ) {
      int hi = Character.digit(value.charAt(i + 1), 16);
      int lo = Character.digit(value.charAt(i + 2), 16);
      int decoded = hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
      if ((decoded >= 0 && decoded < 0x20) || decoded == 0x7f) {
        return i;
      }
      i = value.indexOf('%', i + 1);
    }
    return -1;
  }

  /** {@code value} with control characters shown as {@code \xHH}, for error messages. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value
        .chars()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.append((char) c);
              }
            });
    return out.toString();
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
