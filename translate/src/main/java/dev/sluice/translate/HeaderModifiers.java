package dev.sluice.translate;

import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Translates request and response header modifiers, checking header names and values: a value with
 * CR, LF, NUL or another control character would split or corrupt the header block it is written
 * into (header injection), so the route is not accepted. Stateless.
 */
final class HeaderModifiers {

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+\\-.^_`|~]+$");

  private HeaderModifiers() {}

  static HttpFilterSpec request(HTTPHeaderFilter filter, String field, RouteIssues issues) {
    return new HttpFilterSpec.RequestHeaderModifier(
        headers(filter.getSet(), field + ".set", issues),
        headers(filter.getAdd(), field + ".add", issues),
        names(filter.getRemove(), field + ".remove", issues));
  }

  static HttpFilterSpec response(HTTPHeaderFilter filter, String field, RouteIssues issues) {
    return new HttpFilterSpec.ResponseHeaderModifier(
        headers(filter.getSet(), field + ".set", issues),
        headers(filter.getAdd(), field + ".add", issues),
        names(filter.getRemove(), field + ".remove", issues));
  }

  private static List<HttpHeader> headers(
      List<HTTPHeader> specs, String field, RouteIssues issues) {
    List<HttpHeader> result = new ArrayList<>();
    for (int i = 0; specs != null && i < specs.size(); i++) {
      HTTPHeader header = specs.get(i);
      String value = header.getValue() == null ? "" : header.getValue();
      boolean validValue = validValue(value, field + "[" + i + "].value", issues);
      if (valid(header.getName(), field + "[" + i + "].name", issues) && validValue) {
        result.add(new HttpHeader(header.getName(), value));
      }
    }
    return result;
  }

  private static List<String> names(List<String> specs, String field, RouteIssues issues) {
    List<String> result = new ArrayList<>();
    for (int i = 0; specs != null && i < specs.size(); i++) {
      if (valid(specs.get(i), field + "[" + i + "]", issues)) {
        result.add(specs.get(i));
      }
    }
    return result;
  }

  /** Field values may hold visible characters, spaces and tabs (RFC 9110 section 5.5). */
  private static boolean validValue(String value, String field, RouteIssues issues) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        issues.unsupported(
            field,
            "header value '"
                + ControlChars.escape(value)
                + "' contains the control character "
                + ControlChars.name(c)
                + " at index "
                + i
                + " (expected: visible characters, spaces and tabs only)");
        return false;
      }
    }
    return true;
  }

  private static boolean valid(String name, String field, RouteIssues issues) {
    if (name == null || !NAME.matcher(name).matches()) {
      issues.unsupported(field, "header name '" + name + "' is not a valid HTTP header name");
      return false;
    }
    return true;
  }
}
