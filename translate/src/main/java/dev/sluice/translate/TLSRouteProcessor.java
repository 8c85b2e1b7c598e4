package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteStatusBuilder;
import java.util.List;
import java.util.Optional;

/**
 * Translates one TLSRoute into IR stream routes on TLS Passthrough and TLS Terminate virtual hosts;
 * the route hostnames intersected with the listener's are the SNI names it serves, and at least one
 * is required, and writes its status. Immutable after construction.
 */
final class TLSRouteProcessor {

  static final String KIND = "TLSRoute";

  private final StreamRouteTranslator translator;

  TLSRouteProcessor(StreamRouteTranslator translator) {
    this.translator = translator;
  }

  /** The route with its status, when a parentRef names a Gateway of ours. */
  Optional<TLSRoute> process(TLSRoute route) {
    RouteIssues issues = new RouteIssues();
    List<String> hostnames =
        route.getSpec().getHostnames() == null ? List.of() : route.getSpec().getHostnames();
    if (hostnames.isEmpty()) {
      issues.unsupported("spec.hostnames", "at least one hostname is required (the SNI to route)");
    }
    List<TLSRouteRule> rules =
        route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
    StreamRouteTranslator.Input input =
        new StreamRouteTranslator.Input(
            route,
            KIND,
            route.getSpec().getParentRefs(),
            hostnames,
            true,
            rules.stream()
                .map(
                    r ->
                        new StreamRouteTranslator.Rule(
                            Optional.ofNullable(r.getName()), r.getBackendRefs()))
                .toList());
    return translator.process(input, issues).map(p -> withStatus(route, p));
  }

  private static TLSRoute withStatus(TLSRoute route, List<RouteParentStatus> ours) {
    List<RouteParentStatus> existing =
        route.getStatus() == null ? null : route.getStatus().getParents();
    return new TLSRouteBuilder(route)
        .withStatus(
            new TLSRouteStatusBuilder().withParents(RouteParents.merge(existing, ours)).build())
        .build();
  }
}
