package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.List;
import java.util.Optional;

/**
 * Translates one HTTPRoute: checks its hostnames, translates its rules, attaches them through
 * {@link RouteParents} and writes its status. Immutable after construction; each call is
 * independent.
 */
final class HTTPRouteProcessor {

  static final String KIND = "HTTPRoute";

  private final RouteParents parents;
  private final HTTPRuleTranslator rules;

  HTTPRouteProcessor(RouteParents parents, HTTPRuleTranslator rules) {
    this.parents = parents;
    this.rules = rules;
  }

  /** The route with its status, when a parentRef names a Gateway of ours. */
  Optional<HTTPRoute> process(HTTPRoute route) {
    RouteIssues issues = new RouteIssues();
    List<String> hostnames = RouteHostnames.check(route.getSpec().getHostnames(), issues);
    List<RuleRoute> ruleRoutes = rules.translate(route, issues);
    String created = RouteHostnames.created(route);
    RouteBinding binding =
        new RouteBinding(
            route,
            KIND,
            route.getSpec().getParentRefs(),
            hostnames,
            (listener, names) ->
                ListenerContext.Attachment.http(
                    ruleRoutes.stream()
                        .map(
                            r ->
                                new AttachedRoute(
                                    created,
                                    BackendClientCertificates.apply(
                                        r.on(names), listener.gateway())))
                        .toList()));
    return parents.process(binding, issues).map(p -> withStatus(route, p));
  }

  private static HTTPRoute withStatus(HTTPRoute route, List<RouteParentStatus> ours) {
    List<RouteParentStatus> existing =
        route.getStatus() == null ? null : route.getStatus().getParents();
    return new HTTPRouteBuilder(route)
        .withStatus(
            new HTTPRouteStatusBuilder().withParents(RouteParents.merge(existing, ours)).build())
        .build();
  }
}
