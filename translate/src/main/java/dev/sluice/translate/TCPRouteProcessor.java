package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteStatusBuilder;
import java.util.List;
import java.util.Optional;

/**
 * Translates one TCPRoute into IR stream routes on TCP virtual hosts (no hostnames), and writes its
 * status. Immutable after construction.
 */
final class TCPRouteProcessor {

  static final String KIND = "TCPRoute";

  private final StreamRouteTranslator translator;

  TCPRouteProcessor(StreamRouteTranslator translator) {
    this.translator = translator;
  }

  /** The route with its status, when a parentRef names a Gateway of ours. */
  Optional<TCPRoute> process(TCPRoute route) {
    RouteIssues issues = new RouteIssues();
    List<String> hostnames = List.of();
    List<TCPRouteRule> rules =
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

  private static TCPRoute withStatus(TCPRoute route, List<RouteParentStatus> ours) {
    List<RouteParentStatus> existing =
        route.getStatus() == null ? null : route.getStatus().getParents();
    return new TCPRouteBuilder(route)
        .withStatus(
            new TCPRouteStatusBuilder().withParents(RouteParents.merge(existing, ours)).build())
        .build();
  }
}
