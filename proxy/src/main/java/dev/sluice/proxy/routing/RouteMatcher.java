package dev.sluice.proxy.routing;

import com.google.re2j.PatternSyntaxException;
import dev.sluice.ir.HeaderMatch;
import dev.sluice.ir.QueryParamMatch;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.RouteMatch;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * All conditions of one route match, compiled once per snapshot. Immutable and thread-safe; {@link
 * #matches} allocates nothing beyond what the request view does.
 */
final class RouteMatcher {

  private final PathMatcher path;
  private final String method;
  private final String[] headerNames;
  private final ValueMatcher[] headerValues;
  private final String[] queryNames;
  private final ValueMatcher[] queryValues;

  private RouteMatcher(
      PathMatcher path,
      String method,
      String[] headerNames,
      ValueMatcher[] headerValues,
      String[] queryNames,
      ValueMatcher[] queryValues) {
    this.path = path;
    this.method = method;
    this.headerNames = headerNames;
    this.headerValues = headerValues;
    this.queryNames = queryNames;
    this.queryValues = queryValues;
  }

  static RouteMatcher compile(RouteKey key, RouteMatch match) throws RouteCompileException {
    PathMatcher path = compilePath(key, match);
    List<HeaderMatch> headers = match.headers();
    String[] headerNames = new String[headers.size()];
    ValueMatcher[] headerValues = new ValueMatcher[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      HeaderMatch h = headers.get(i);
      headerNames[i] = h.name().toLowerCase(Locale.ROOT);
      headerValues[i] = compileValue(key, "match.headers[" + i + "].value", h.kind(), h.value());
    }
    List<QueryParamMatch> query = match.queryParams();
    String[] queryNames = new String[query.size()];
    ValueMatcher[] queryValues = new ValueMatcher[query.size()];
    for (int i = 0; i < query.size(); i++) {
      QueryParamMatch q = query.get(i);
      queryNames[i] = q.name();
      queryValues[i] = compileValue(key, "match.queryParams[" + i + "].value", q.kind(), q.value());
    }
    String method = match.method().map(m -> m.toUpperCase(Locale.ROOT)).orElse(null);
    return new RouteMatcher(path, method, headerNames, headerValues, queryNames, queryValues);
  }

  private static PathMatcher compilePath(RouteKey key, RouteMatch match)
      throws RouteCompileException {
    try {
      return PathMatcher.compile(match.path());
    } catch (PatternSyntaxException e) {
      throw invalidRegex(key, "match.path.value", match.path().value(), e);
    }
  }

  private static ValueMatcher compileValue(
      RouteKey key, String field, dev.sluice.ir.ValueMatchKind kind, String value)
      throws RouteCompileException {
    try {
      return ValueMatcher.compile(kind, value);
    } catch (PatternSyntaxException e) {
      throw invalidRegex(key, field, value, e);
    }
  }

  private static RouteCompileException invalidRegex(
      RouteKey key, String field, String value, PatternSyntaxException e) {
    return new RouteCompileException(
        Optional.of(key),
        field,
        "invalid regular expression '" + value + "' (" + e.getDescription() + ")");
  }

  PathMatcher path() {
    return path;
  }

  boolean matches(RoutableRequest request) {
    if (!path.matches(request.path())) {
      return false;
    }
    if (method != null && !method.equals(request.method())) {
      return false;
    }
    for (int i = 0; i < headerNames.length; i++) {
      Optional<String> value = request.firstHeader(headerNames[i]);
      if (value.isEmpty() || !headerValues[i].matches(value.get())) {
        return false;
      }
    }
    for (int i = 0; i < queryNames.length; i++) {
      Optional<String> value = request.firstQueryParam(queryNames[i]);
      if (value.isEmpty() || !queryValues[i].matches(value.get())) {
        return false;
      }
    }
    return true;
  }
}
