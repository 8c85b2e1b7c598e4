package dev.sluice.translate;

import dev.sluice.ir.Backend;
import dev.sluice.ir.HttpFilterSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestMirrorFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates the filters of a rule or of a backend reference into IR filter specs, in order.
 * Unsupported types and invalid values are reported as {@code Accepted} issues; a mirror's backend
 * is resolved like any backend reference. Immutable after construction.
 */
final class FilterTranslator {

  /** Filter types that may appear more than once in one list. */
  private static final Set<String> REPEATABLE = Set.of("RequestMirror", "ExtensionRef");

  private final BackendRefResolver backends;
  private final String routeKind;

  /**
   * @param routeKind the kind of the routes whose filters this translates
   */
  FilterTranslator(BackendRefResolver backends, String routeKind) {
    this.backends = backends;
    this.routeKind = routeKind;
  }

  /**
   * @param prefixMatchesOnly whether every match of the rule is a PathPrefix match, which {@code
   *     ReplacePrefixMatch} needs
   */
  List<HttpFilterSpec> translate(
      String routeNamespace,
      List<HTTPRouteFilter> filters,
      String field,
      boolean prefixMatchesOnly,
      RouteIssues issues) {
    if (filters == null || filters.isEmpty()) {
      return List.of();
    }
    checkCombination(filters, field, issues);
    List<HttpFilterSpec> result = new ArrayList<>();
    for (int i = 0; i < filters.size(); i++) {
      String at = field + "[" + i + "]";
      one(routeNamespace, filters.get(i), at, prefixMatchesOnly, issues).ifPresent(result::add);
    }
    return result;
  }

  private Optional<HttpFilterSpec> one(
      String routeNamespace,
      HTTPRouteFilter filter,
      String field,
      boolean prefixMatchesOnly,
      RouteIssues issues) {
    String type = String.valueOf(filter.getType());
    if (configField(type).isEmpty()) {
      issues.unsupported(
          field + ".type",
          "filter type '"
              + type
              + "' is not supported (expected:"
              + " RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, URLRewrite,"
              + " RequestMirror or CORS)");
      return Optional.empty();
    }
    if (config(filter, type) == null) {
      issues.unsupported(
          field, "filter type " + type + " needs its '" + configField(type) + "' field to be set");
      return Optional.empty();
    }
    return Optional.of(
        switch (type) {
          case "RequestHeaderModifier" ->
              HeaderModifiers.request(
                  filter.getRequestHeaderModifier(), field + ".requestHeaderModifier", issues);
          case "ResponseHeaderModifier" ->
              HeaderModifiers.response(
                  filter.getResponseHeaderModifier(), field + ".responseHeaderModifier", issues);
          case "RequestRedirect" ->
              RedirectsAndRewrites.redirect(
                  filter.getRequestRedirect(),
                  field + ".requestRedirect",
                  prefixMatchesOnly,
                  issues);
          case "URLRewrite" ->
              RedirectsAndRewrites.rewrite(
                  filter.getUrlRewrite(), field + ".urlRewrite", prefixMatchesOnly, issues);
          case "CORS" -> CorsFilters.translate(filter.getCors(), field + ".cors", issues);
          default ->
              mirror(routeNamespace, filter.getRequestMirror(), field + ".requestMirror", issues);
        });
  }

  /** The configuration field of a supported filter type; may be null. */
  private static Object config(HTTPRouteFilter filter, String type) {
    return switch (type) {
      case "RequestHeaderModifier" -> filter.getRequestHeaderModifier();
      case "ResponseHeaderModifier" -> filter.getResponseHeaderModifier();
      case "RequestRedirect" -> filter.getRequestRedirect();
      case "URLRewrite" -> filter.getUrlRewrite();
      case "CORS" -> filter.getCors();
      default -> filter.getRequestMirror();
    };
  }

  /**
   * The name of the configuration field of {@code type}, or empty if Sluice does not support it.
   */
  private static String configField(String type) {
    return switch (type) {
      case "RequestHeaderModifier" -> "requestHeaderModifier";
      case "ResponseHeaderModifier" -> "responseHeaderModifier";
      case "RequestRedirect" -> "requestRedirect";
      case "URLRewrite" -> "urlRewrite";
      case "RequestMirror" -> "requestMirror";
      case "CORS" -> "cors";
      default -> "";
    };
  }

  private HttpFilterSpec mirror(
      String routeNamespace, HTTPRequestMirrorFilter mirror, String field, RouteIssues issues) {
    Backend backend =
        mirror.getBackendRef() == null
            ? missingMirrorBackend(field, issues)
            : backends.resolve(
                routeKind,
                routeNamespace,
                BackendTarget.of(mirror.getBackendRef(), routeNamespace),
                field + ".backendRef",
                issues);
    MirrorShares.Share share = MirrorShares.of(mirror, field, issues);
    return new HttpFilterSpec.RequestMirror(backend, share.numerator(), share.denominator());
  }

  private static Backend missingMirrorBackend(String field, RouteIssues issues) {
    issues.unsupported(field + ".backendRef", "backendRef is required");
    return new Backend.Invalid("mirror has no backendRef");
  }

  /** Redirect and rewrite exclude each other; other types except mirrors appear at most once. */
  private static void checkCombination(
      List<HTTPRouteFilter> filters, String field, RouteIssues issues) {
    Map<String, Integer> counts = new HashMap<>();
    filters.forEach(f -> counts.merge(String.valueOf(f.getType()), 1, Integer::sum));
    if (counts.containsKey("RequestRedirect") && counts.containsKey("URLRewrite")) {
      issues.incompatible(field, "RequestRedirect and URLRewrite filters cannot be used together");
    }
    counts.entrySet().stream()
        .filter(e -> e.getValue() > 1 && !REPEATABLE.contains(e.getKey()))
        .map(Map.Entry::getKey)
        .sorted()
        .forEach(t -> issues.incompatible(field, "filter type " + t + " appears more than once"));
  }
}
