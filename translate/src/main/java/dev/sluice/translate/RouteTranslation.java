package dev.sluice.translate;

import dev.sluice.source.ResourceSet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the processor of each route kind over the routes of the config, in namespace/name order, and
 * collects their statuses (HTTPRoutes, then GRPCRoutes, TLSRoutes, TCPRoutes, UDPRoutes). Routes
 * the {@link TranslationMemo} has seen are not translated again ({@link RouteReplay}). Stateless.
 */
final class RouteTranslation {

  private static final Comparator<HasMetadata> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((HasMetadata o) -> String.valueOf(o.getMetadata().getNamespace()))
          .thenComparing(o -> o.getMetadata().getName());

  private RouteTranslation() {}

  static List<HasMetadata> translate(
      ResourceSet resources,
      Map<String, GatewayContext> ours,
      List<ListenerSetContext> listenerSets,
      ReferenceGrants grants,
      BackendTlsPolicies policies,
      Problems problems,
      TranslationMemo memo) {
    Map<String, ListenerSetContext> sets = new LinkedHashMap<>();
    listenerSets.forEach(s -> sets.put(s.namespace() + "/" + s.name(), s));
    Set<String> all =
        resources.gateways().stream()
            .map(g -> g.getMetadata().getNamespace() + "/" + g.getMetadata().getName())
            .collect(Collectors.toSet());
    RouteJournal journal = new RouteJournal();
    RouteParents parents =
        new RouteParents(
            ours,
            sets,
            all,
            new NamespaceLabels(resources.namespaces()),
            policies,
            problems,
            journal);
    RouteReplay replay =
        new RouteReplay(resources, ours.values(), sets.values(), policies, problems, journal, memo);
    BackendRefResolver backends =
        new BackendRefResolver(
            resources.services(),
            grants,
            new EndpointResolver(resources.endpointSlices()),
            policies);
    HTTPRouteProcessor http = new HTTPRouteProcessor(parents, new HTTPRuleTranslator(backends));
    GRPCRouteProcessor grpc = new GRPCRouteProcessor(parents, new GRPCRuleTranslator(backends));
    StreamRouteTranslator streams = new StreamRouteTranslator(parents, backends);
    List<HasMetadata> result = new ArrayList<>();
    each(resources.httpRoutes(), r -> r.getSpec() != null, http::process, result, problems, replay);
    each(resources.grpcRoutes(), r -> r.getSpec() != null, grpc::process, result, problems, replay);
    TLSRouteProcessor tls = new TLSRouteProcessor(streams);
    each(resources.tlsRoutes(), r -> r.getSpec() != null, tls::process, result, problems, replay);
    TCPRouteProcessor tcp = new TCPRouteProcessor(streams);
    each(resources.tcpRoutes(), r -> r.getSpec() != null, tcp::process, result, problems, replay);
    UDPRouteProcessor udp = new UDPRouteProcessor(streams);
    each(resources.udpRoutes(), r -> r.getSpec() != null, udp::process, result, problems, replay);
    return result;
  }

  private static <T extends HasMetadata> void each(
      List<T> routes,
      java.util.function.Predicate<T> hasSpec,
      Function<T, Optional<T>> processor,
      List<HasMetadata> into,
      Problems problems,
      RouteReplay replay) {
    for (T route : routes.stream().sorted(BY_NAMESPACE_AND_NAME).toList()) {
      if (!hasSpec.test(route)) {
        problems.error(route, "spec", "spec is required");
        continue;
      }
      replay.translate(route, processor).ifPresent(into::add);
    }
  }
}
