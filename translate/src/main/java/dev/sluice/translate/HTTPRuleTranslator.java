package dev.sluice.translate;

import dev.sluice.ir.BackendRef;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.RetryPolicy;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.RouteTimeouts;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates the rules of an HTTPRoute into one IR route template per (rule, match); the hostnames
 * are filled in per listener later. Immutable after construction.
 */
final class HTTPRuleTranslator {

  private final BackendRefResolver backends;
  private final FilterTranslator filters;

  HTTPRuleTranslator(BackendRefResolver backends) {
    this.backends = backends;
    this.filters = new FilterTranslator(backends, HTTPRouteProcessor.KIND);
  }

  List<RuleRoute> translate(HTTPRoute route, RouteIssues issues) {
    // The API server defaults absent rules to one rule matching every path, without backends
    // (answered with 500); a folder config gets the same default.
    List<HTTPRouteRule> rules =
        route.getSpec().getRules() == null
            ? List.of(new HTTPRouteRule())
            : route.getSpec().getRules();
    List<RuleRoute> result = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      result.addAll(rule(route, r, rules.get(r), issues));
    }
    return result;
  }

  private List<RuleRoute> rule(HTTPRoute route, int index, HTTPRouteRule rule, RouteIssues issues) {
    String field = "spec.rules[" + index + "]";
    String namespace = route.getMetadata().getNamespace();
    warnUnsupported(rule, field, issues);
    List<HTTPRouteMatch> matchSpecs = rule.getMatches() == null ? List.of() : rule.getMatches();
    List<Optional<RouteMatch>> matches = new ArrayList<>();
    for (int m = 0; m < matchSpecs.size(); m++) {
      matches.add(
          MatchTranslator.translate(matchSpecs.get(m), field + ".matches[" + m + "]", issues));
    }
    boolean prefixOnly = matchSpecs.stream().allMatch(MatchTranslator::isPrefix);
    List<HttpFilterSpec> ruleFilters =
        filters.translate(namespace, rule.getFilters(), field + ".filters", prefixOnly, issues);
    List<BackendRef> refs =
        backendRefs(namespace, rule.getBackendRefs(), field, prefixOnly, issues);
    RouteTimeouts timeouts =
        RuleTimeouts.translate(rule.getTimeouts(), field + ".timeouts", issues);
    Optional<RetryPolicy> retry = RuleRetry.translate(rule.getRetry(), field + ".retry", issues);
    RouteKeys keys =
        new RouteKeys(HTTPRouteProcessor.KIND, route, index, Optional.ofNullable(rule.getName()));
    if (matchSpecs.isEmpty()) {
      return List.of(new RuleRoute(keys.of(0), RouteMatch.ANY, ruleFilters, refs, timeouts, retry));
    }
    List<RuleRoute> result = new ArrayList<>();
    for (int m = 0; m < matches.size(); m++) {
      RouteKey key = keys.of(m);
      matches
          .get(m)
          .ifPresent(
              match -> result.add(new RuleRoute(key, match, ruleFilters, refs, timeouts, retry)));
    }
    return result;
  }

  private List<BackendRef> backendRefs(
      String namespace,
      List<HTTPBackendRef> specs,
      String rule,
      boolean prefixOnly,
      RouteIssues issues) {
    List<BackendRef> result = new ArrayList<>();
    for (int i = 0; specs != null && i < specs.size(); i++) {
      HTTPBackendRef spec = specs.get(i);
      String field = rule + ".backendRefs[" + i + "]";
      List<HttpFilterSpec> own =
          filters.translate(namespace, spec.getFilters(), field + ".filters", prefixOnly, issues);
      backends
          .weighted(
              HTTPRouteProcessor.KIND,
              namespace,
              BackendTarget.of(spec, namespace),
              spec.getWeight(),
              field,
              issues)
          .ifPresent(b -> result.add(new BackendRef(b.backend(), b.weight(), own)));
    }
    return result;
  }

  /** Fields Sluice does not apply yet: reported, not rejected, since traffic still flows. */
  private static void warnUnsupported(HTTPRouteRule rule, String field, RouteIssues issues) {
    if (rule.getSessionPersistence() != null) {
      issues.warn(
          field + ".sessionPersistence", "sessionPersistence is not supported yet and is ignored");
    }
  }
}
