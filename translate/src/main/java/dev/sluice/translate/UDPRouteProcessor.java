package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRouteStatusBuilder;
import java.util.List;
import java.util.Optional;

/**
 * Translates one UDPRoute into IR stream routes on UDP virtual hosts (no hostnames), and writes its
 * status. Immutable after construction.
 */
final class UDPRouteProcessor {

  static final String KIND = "UDPRoute";

  private final StreamRouteTranslator translator;

  UDPRouteProcessor(StreamRouteTranslator translator) {
    this.translator = translator;
  }

  /** The route with its status, when a parentRef names a Gateway of ours. */
  Optional<UDPRoute> process(UDPRoute route) {
    RouteIssues issues = new RouteIssues();
    List<String> hostnames = List.of();
    List<UDPRouteRule> rules =
        route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
    StreamRouteTranslator.Input input =
        new StreamRouteTranslator.Input(
            route,
            KIND,
            route.getSpec().getParentRefs(),
            hostnames,
            false,
            rules.stream()
                .map(
                    r ->
                        new StreamRouteTranslator.Rule(
                            Optional.ofNullable(r.getName()), r.getBackendRefs()))
                .toList());
    return translator.process(input, issues).map(p -> withStatus(route, p));
  }

  private static UDPRoute withStatus(UDPRoute route, List<RouteParentStatus> ours) {
    List<RouteParentStatus> existing =
        route.getStatus() == null ? null : route.getStatus().getParents();
    return new UDPRouteBuilder(route)
        .withStatus(
            new UDPRouteStatusBuilder().withParents(RouteParents.merge(existing, ours)).build())
        .build();
  }
}
