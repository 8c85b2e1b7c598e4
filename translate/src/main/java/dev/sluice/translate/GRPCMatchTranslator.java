package dev.sluice.translate;

import dev.sluice.ir.HeaderMatch;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCMethodMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Translates one GRPCRoute match into an IR {@link RouteMatch} on the request path {@code
 * /<service>/<method>}: an Exact service and method give an exact path, a service alone a prefix, a
 * method alone (or any RegularExpression match) a regular expression. gRPC requests are POSTs, but
 * the method is not required. Stateless.
 */
final class GRPCMatchTranslator {

  /** A path segment: any characters but a slash. */
  private static final String SEGMENT = "[^/]+";

  private static final Pattern SERVICE =
      Pattern.compile("^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$");
  private static final Pattern METHOD = Pattern.compile("^[A-Za-z_][A-Za-z_0-9]*$");

  private GRPCMatchTranslator() {}

  /** The IR match, or empty when a value is invalid (reported to {@code issues}). */
  static Optional<RouteMatch> translate(GRPCRouteMatch match, String field, RouteIssues issues) {
    int before = issues.invalidCount();
    PathMatch path = path(match.getMethod(), field + ".method", issues);
    List<HTTPHeaderMatch> headerSpecs =
        match.getHeaders() == null
            ? List.of()
            : match.getHeaders().stream().map(GRPCMatchTranslator::asHttp).toList();
    List<HeaderMatch> headers = MatchTranslator.headers(headerSpecs, field, issues);
    return issues.invalidCount() > before
        ? Optional.empty()
        : Optional.of(new RouteMatch(path, Optional.empty(), headers, List.of()));
  }

  private static PathMatch path(GRPCMethodMatch method, String field, RouteIssues issues) {
    if (method == null) {
      return PathMatch.prefix("/");
    }
    String type = method.getType() == null ? "Exact" : method.getType();
    Optional<String> service = Optional.ofNullable(method.getService()).filter(s -> !s.isEmpty());
    Optional<String> name = Optional.ofNullable(method.getMethod()).filter(s -> !s.isEmpty());
    switch (type) {
      case "Exact" -> {
        if (service.isEmpty() && name.isEmpty()) {
          issues.unsupported(field, "one of service and method is required");
          return PathMatch.prefix("/");
        }
        service
            .filter(s -> !SERVICE.matcher(s).matches())
            .ifPresent(
                s ->
                    issues.unsupported(
                        field + ".service",
                        "service '" + s + "' is not a valid gRPC service name"));
        name.filter(m -> !METHOD.matcher(m).matches())
            .ifPresent(
                m ->
                    issues.unsupported(
                        field + ".method", "method '" + m + "' is not a valid gRPC method name"));
        if (name.isEmpty()) {
          return PathMatch.prefix("/" + service.get() + "/");
        }
        return service.isPresent()
            ? PathMatch.exact("/" + service.get() + "/" + name.get())
            : PathMatch.regex("/" + SEGMENT + "/" + name.get());
      }
      case "RegularExpression" -> {
        service.ifPresent(s -> MatchTranslator.checkRegex(s, field + ".service", issues));
        name.ifPresent(m -> MatchTranslator.checkRegex(m, field + ".method", issues));
        return PathMatch.regex(
            "/"
                + service.map(GRPCMatchTranslator::group).orElse(SEGMENT)
                + "/"
                + name.map(GRPCMatchTranslator::group).orElse(SEGMENT));
      }
      default -> {
        issues.unsupported(
            field + ".type",
            "method match type '" + type + "' (expected: Exact or RegularExpression)");
        return PathMatch.prefix("/");
      }
    }
  }

  /** A user regex as one segment: a non-capturing group, so alternations stay inside it. */
  private static String group(String regex) {
    return "(?:" + regex + ")";
  }

  private static HTTPHeaderMatch asHttp(GRPCHeaderMatch header) {
    return new HTTPHeaderMatchBuilder()
        .withName(header.getName())
        .withType(header.getType())
        .withValue(header.getValue())
        .build();
  }
}
