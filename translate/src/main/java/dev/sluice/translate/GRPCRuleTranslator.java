package dev.sluice.translate;

import dev.sluice.ir.BackendRef;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.RouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Translates the rules of a GRPCRoute into one IR route template per (rule, match), like {@link
 * HTTPRuleTranslator}: gRPC methods become paths, and the filters gRPC allows (header modifiers,
 * mirrors) are the HTTP ones. Immutable after construction.
 */
final class GRPCRuleTranslator {

  private static final Set<String> FILTER_TYPES =
      Set.of("RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror");

  private final BackendRefResolver backends;
  private final FilterTranslator filters;

  GRPCRuleTranslator(BackendRefResolver backends) {
    this.backends = backends;
    this.filters = new FilterTranslator(backends, GRPCRouteProcessor.KIND);
  }

  List<RuleRoute> translate(GRPCRoute route, RouteIssues issues) {
    List<GRPCRouteRule> rules =
        route.getSpec().getRules() == null
            ? List.of(new GRPCRouteRule())
            : route.getSpec().getRules();
    List<RuleRoute> result = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      result.addAll(rule(route, r, rules.get(r), issues));
    }
    return result;
  }

  private List<RuleRoute> rule(GRPCRoute route, int index, GRPCRouteRule rule, RouteIssues issues) {
    String field = "spec.rules[" + index + "]";
    String namespace = route.getMetadata().getNamespace();
    if (rule.getSessionPersistence() != null) {
      issues.warn(
          field + ".sessionPersistence", "sessionPersistence is not supported yet and is ignored");
    }
    List<HttpFilterSpec> ruleFilters =
        filters(namespace, rule.getFilters(), field + ".filters", issues);
    List<BackendRef> refs = backendRefs(namespace, rule.getBackendRefs(), field, issues);
    RouteKeys keys =
        new RouteKeys(GRPCRouteProcessor.KIND, route, index, Optional.ofNullable(rule.getName()));
    List<GRPCRouteMatch> matches = rule.getMatches() == null ? List.of() : rule.getMatches();
    if (matches.isEmpty()) {
      return List.of(new RuleRoute(keys.of(0), RouteMatch.ANY, ruleFilters, refs));
    }
    List<RuleRoute> result = new ArrayList<>();
    for (int m = 0; m < matches.size(); m++) {
      int matchIndex = m;
      GRPCMatchTranslator.translate(matches.get(m), field + ".matches[" + m + "]", issues)
          .ifPresent(
              match -> result.add(new RuleRoute(keys.of(matchIndex), match, ruleFilters, refs)));
    }
    return result;
  }

  private List<BackendRef> backendRefs(
      String namespace, List<GRPCBackendRef> specs, String rule, RouteIssues issues) {
    List<BackendRef> result = new ArrayList<>();
    for (int i = 0; specs != null && i < specs.size(); i++) {
      GRPCBackendRef spec = specs.get(i);
      String field = rule + ".backendRefs[" + i + "]";
      List<HttpFilterSpec> own = filters(namespace, spec.getFilters(), field + ".filters", issues);
      backends
          .weighted(
              GRPCRouteProcessor.KIND,
              namespace,
              BackendTarget.of(spec, namespace),
              spec.getWeight(),
              field,
              issues)
          .ifPresent(b -> result.add(new BackendRef(b.backend(), b.weight(), own)));
    }
    return result;
  }

  /** gRPC filters are HTTP filters of the types gRPC allows; others are unsupported values. */
  private List<HttpFilterSpec> filters(
      String namespace, List<GRPCRouteFilter> specs, String field, RouteIssues issues) {
    if (specs == null || specs.isEmpty()) {
      return List.of();
    }
    List<HTTPRouteFilter> http = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      GRPCRouteFilter spec = specs.get(i);
      if (!FILTER_TYPES.contains(String.valueOf(spec.getType()))) {
        issues.unsupported(
            field + "[" + i + "].type",
            "filter type '"
                + spec.getType()
                + "' is not supported (expected: RequestHeaderModifier, ResponseHeaderModifier or"
                + " RequestMirror)");
        continue;
      }
      http.add(
          new HTTPRouteFilterBuilder()
              .withType(spec.getType())
              .withRequestHeaderModifier(spec.getRequestHeaderModifier())
              .withResponseHeaderModifier(spec.getResponseHeaderModifier())
              .withRequestMirror(spec.getRequestMirror())
              .build());
    }
    return filters.translate(namespace, http, field, true, issues);
  }
}
