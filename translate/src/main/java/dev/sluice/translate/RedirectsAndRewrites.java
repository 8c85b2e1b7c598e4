package dev.sluice.translate;

import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.PathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestRedirectFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPURLRewriteFilter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Translates RequestRedirect and URLRewrite filters, checking every value. Stateless. */
final class RedirectsAndRewrites {

  private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);

  private RedirectsAndRewrites() {}

  static HttpFilterSpec redirect(
      HTTPRequestRedirectFilter redirect, String field, boolean prefixOnly, RouteIssues issues) {
    Optional<String> scheme = Optional.ofNullable(redirect.getScheme());
    scheme
        .filter(s -> !s.equals("http") && !s.equals("https"))
        .ifPresent(
            s ->
                issues.unsupported(
                    field + ".scheme", "scheme '" + s + "' (expected: http or https)"));
    OptionalInt port = OptionalInt.empty();
    if (redirect.getPort() != null) {
      if (redirect.getPort() < 1 || redirect.getPort() > 65535) {
        issues.unsupported(field + ".port", "port " + redirect.getPort() + " (expected: 1..65535)");
      }
      port = OptionalInt.of(redirect.getPort());
    }
    int code = redirect.getStatusCode() == null ? 302 : redirect.getStatusCode();
    if (!REDIRECT_CODES.contains(code)) {
      issues.unsupported(
          field + ".statusCode", "status code " + code + " (expected: 301, 302, 303, 307 or 308)");
    }
    return new HttpFilterSpec.RequestRedirect(
        scheme,
        hostname(redirect.getHostname(), field + ".hostname", issues),
        path(redirect.getPath(), field + ".path", prefixOnly, issues),
        port,
        code);
  }

  static HttpFilterSpec rewrite(
      HTTPURLRewriteFilter rewrite, String field, boolean prefixOnly, RouteIssues issues) {
    return new HttpFilterSpec.UrlRewrite(
        hostname(rewrite.getHostname(), field + ".hostname", issues),
        path(rewrite.getPath(), field + ".path", prefixOnly, issues));
  }

  private static Optional<String> hostname(String hostname, String field, RouteIssues issues) {
    if (hostname == null) {
      return Optional.empty();
    }
    Optional<String> problem = Hostnames.validate(hostname);
    if (problem.isEmpty() && Hostnames.isWildcard(hostname)) {
      problem = Optional.of("hostname '" + hostname + "' must not be a wildcard");
    }
    problem.ifPresent(p -> issues.unsupported(field, p));
    return Optional.of(hostname);
  }

  private static Optional<PathModifier> path(
      HTTPPathModifier path, String field, boolean prefixOnly, RouteIssues issues) {
    if (path == null) {
      return Optional.empty();
    }
    String type = String.valueOf(path.getType());
    switch (type) {
      case "ReplaceFullPath" -> {
        String value = required(path.getReplaceFullPath(), field + ".replaceFullPath", issues);
        return Optional.of(new PathModifier.ReplaceFullPath(value));
      }
      case "ReplacePrefixMatch" -> {
        String value =
            required(path.getReplacePrefixMatch(), field + ".replacePrefixMatch", issues);
        if (!prefixOnly) {
          issues.unsupported(
              field + ".type",
              "ReplacePrefixMatch needs every match of the rule to be a PathPrefix path match");
        }
        return Optional.of(new PathModifier.ReplacePrefixMatch(value));
      }
      default -> {
        issues.unsupported(
            field + ".type",
            "path modifier type '" + type + "' (expected: ReplaceFullPath or ReplacePrefixMatch)");
        return Optional.empty();
      }
    }
  }

  private static String required(String value, String field, RouteIssues issues) {
    if (value == null) {
      issues.unsupported(field, "value is required");
      return "/";
    }
    Optional<String> problem = PathChecks.problem(value);
    if (problem.isEmpty() && !value.chars().allMatch(c -> c < 0x7f && c != '?')) {
      // The rewritten path is written as-is into the request line or the Location header.
      problem =
          Optional.of(
              "path '"
                  + value
                  + "' (expected: ASCII without '?'; percent-encode other characters)");
    }
    problem.ifPresent(p -> issues.unsupported(field, p));
    return value;
  }
}
