package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.Route;
import dev.sluice.proxy.routing.RouteCompileException;
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
                + header.value().replaceAll("[\\r\\n]", "\\\\n")
                + "' contains a control character");
      }
    }
  }

  void headerName(String subField, String name) throws RouteCompileException {
    if (name.isEmpty() || !name.chars().allMatch(FilterValidator::isTokenChar)) {
      throw error(subField, "'" + name + "' (expected an HTTP token such as X-My-Header)");
    }
  }

  void hostname(String subField, String host) throws RouteCompileException {
    if (host.isEmpty()
        || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
      throw error(subField, "'" + host + "' (expected a DNS name such as example.com)");
    }
  }

  void path(String subField, String path) throws RouteCompileException {
    if (!path.startsWith("/")
        || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#')) {
      throw error(subField, "'" + path + "' (expected an absolute path without query, e.g. /v2)");
    }
  }

  private static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
