package dev.sluice.translate;

import dev.sluice.ir.HeaderMatch;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.QueryParamMatch;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.ValueMatchKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates one HTTPRoute match into an IR {@link RouteMatch}, checking paths, methods and regular
 * expressions (RE2 syntax, see {@link RegexChecks}). Stateless.
 */
final class MatchTranslator {

  static final String PATH_PREFIX = "PathPrefix";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
  private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+\\-.^_`|~]+$");

  private MatchTranslator() {}

  /** The IR match, or empty when a value is invalid (reported to {@code issues}). */
  static Optional<RouteMatch> translate(HTTPRouteMatch match, String field, RouteIssues issues) {
    int before = issues.invalidCount();
    PathMatch path = path(match.getPath(), field + ".path", issues);
    Optional<String> method = method(match.getMethod(), field + ".method", issues);
    List<HeaderMatch> headers = headers(match.getHeaders(), field, issues);
    List<QueryParamMatch> queryParams = queryParams(match.getQueryParams(), field, issues);
    return issues.invalidCount() > before
        ? Optional.empty()
        : Optional.of(new RouteMatch(path, method, headers, queryParams));
  }

  /** Only the first entry for a name counts; header names compare case-insensitively. */
  static List<HeaderMatch> headers(List<HTTPHeaderMatch> specs, String field, RouteIssues issues) {
    List<HeaderMatch> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; specs != null && i < specs.size(); i++) {
      HTTPHeaderMatch h = specs.get(i);
      String at = field + ".headers[" + i + "]";
      if (validName(h.getName(), at, issues) && seen.add(h.getName().toLowerCase(Locale.ROOT))) {
        ValueMatchKind kind = kind(h.getType(), h.getValue(), at, issues);
        result.add(new HeaderMatch(h.getName(), kind, nonNull(h.getValue())));
      }
    }
    return result;
  }

  /** Only the first entry for a name counts; query parameter names are case-sensitive. */
  private static List<QueryParamMatch> queryParams(
      List<HTTPQueryParamMatch> specs, String field, RouteIssues issues) {
    List<QueryParamMatch> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; specs != null && i < specs.size(); i++) {
      HTTPQueryParamMatch q = specs.get(i);
      String at = field + ".queryParams[" + i + "]";
      if (validName(q.getName(), at, issues) && seen.add(q.getName())) {
        ValueMatchKind kind = kind(q.getType(), q.getValue(), at, issues);
        result.add(new QueryParamMatch(q.getName(), kind, nonNull(q.getValue())));
      }
    }
    return result;
  }

  /** Whether the match compares the path by prefix (the default). */
  static boolean isPrefix(HTTPRouteMatch match) {
    return match.getPath() == null
        || match.getPath().getType() == null
        || PATH_PREFIX.equals(match.getPath().getType());
  }

  private static PathMatch path(HTTPPathMatch path, String field, RouteIssues issues) {
    String type = path == null || path.getType() == null ? PATH_PREFIX : path.getType();
    String value = path == null || path.getValue() == null ? "/" : path.getValue();
    switch (type) {
      case "Exact", PATH_PREFIX -> {
        PathChecks.problem(value).ifPresent(m -> issues.unsupported(field + ".value", m));
        return type.equals("Exact") ? PathMatch.exact(value) : PathMatch.prefix(value);
      }
      case "RegularExpression" -> {
        checkRegex(value, field + ".value", issues);
        return PathMatch.regex(value);
      }
      default -> {
        issues.unsupported(
            field + ".type",
            "path match type '" + type + "' (expected: Exact, PathPrefix or RegularExpression)");
        return PathMatch.prefix("/");
      }
    }
  }

  private static Optional<String> method(String method, String field, RouteIssues issues) {
    if (method == null) {
      return Optional.empty();
    }
    String upper = method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(upper)) {
      issues.unsupported(
          field,
          "method '" + method + "' (expected: one of " + METHODS.stream().sorted().toList() + ")");
    }
    return Optional.of(upper);
  }

  private static ValueMatchKind kind(String type, String value, String field, RouteIssues issues) {
    if (value == null) {
      issues.unsupported(field + ".value", "value is required");
    }
    if (type == null || type.equals("Exact")) {
      return ValueMatchKind.EXACT;
    }
    if (type.equals("RegularExpression")) {
      checkRegex(nonNull(value), field + ".value", issues);
      return ValueMatchKind.REGULAR_EXPRESSION;
    }
    issues.unsupported(
        field + ".type", "match type '" + type + "' (expected: Exact or RegularExpression)");
    return ValueMatchKind.EXACT;
  }

  private static boolean validName(String name, String field, RouteIssues issues) {
    if (name == null || !HEADER_NAME.matcher(name).matches()) {
      issues.unsupported(field + ".name", "name '" + name + "' is not a valid token");
      return false;
    }
    return true;
  }

  /** Reports a regular expression the data plane's engine (RE2/J) would refuse. */
  static void checkRegex(String regex, String field, RouteIssues issues) {
    RegexChecks.problem(regex).ifPresent(p -> issues.unsupported(field, p));
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
