package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.List;
import java.util.Optional;

/**
 * Translates one GRPCRoute into IR routes on HTTP and HTTPS virtual hosts, attaching it like an
 * HTTPRoute (same parent and status rules), and writes its status. A GRPCRoute and an HTTPRoute
 * with the same hostnames on one listener are both kept. Immutable after construction.
 */
final class GRPCRouteProcessor {

  static final String KIND = "GRPCRoute";

  private final RouteParents parents;
  private final GRPCRuleTranslator rules;

  GRPCRouteProcessor(RouteParents parents, GRPCRuleTranslator rules) {
    this.parents = parents;
    this.rules = rules;
  }

  /** The route with its status, when a parentRef names a Gateway of ours. */
  Optional<GRPCRoute> process(GRPCRoute route) {
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

  private static GRPCRoute withStatus(GRPCRoute route, List<RouteParentStatus> ours) {
    List<RouteParentStatus> existing =
        route.getStatus() == null ? null : route.getStatus().getParents();
    return new GRPCRouteBuilder(route)
        .withStatus(
            new GRPCRouteStatusBuilder().withParents(RouteParents.merge(existing, ours)).build())
        .build();
  }
}
