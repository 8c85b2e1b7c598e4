package dev.sluice.translate;

import dev.sluice.ir.BackendRef;
import dev.sluice.ir.RouteKey;
import dev.sluice.ir.StreamRoute;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The translation shared by TLSRoute, TCPRoute and UDPRoute: each rule becomes one IR {@link
 * StreamRoute} with its weighted backends, attached through {@link RouteParents}. Immutable after
 * construction; each call is independent.
 */
final class StreamRouteTranslator {

  /** A rule of a stream route kind, whichever class it came from. */
  record Rule(
      Optional<String> name,
      List<io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef> backendRefs) {
    Rule {
      backendRefs = backendRefs == null ? List.of() : List.copyOf(backendRefs);
    }
  }

  /**
   * One stream route object.
   *
   * @param hostnames the SNI hostnames (TLSRoute); empty for TCP and UDP
   * @param usesHostnames whether the kind routes by SNI
   */
  record Input(
      HasMetadata route,
      String kind,
      List<ParentReference> parentRefs,
      List<String> hostnames,
      boolean usesHostnames,
      List<Rule> rules) {}

  private final RouteParents parents;
  private final BackendRefResolver backends;

  StreamRouteTranslator(RouteParents parents, BackendRefResolver backends) {
    this.parents = parents;
    this.backends = backends;
  }

  /** Our parent statuses, or empty when no parentRef names a Gateway of ours. */
  Optional<List<RouteParentStatus>> process(Input input, RouteIssues issues) {
    List<String> hostnames = RouteHostnames.check(input.hostnames(), issues);
    List<StreamRoute> templates = new ArrayList<>();
    for (int r = 0; r < input.rules().size(); r++) {
      Rule rule = input.rules().get(r);
      RouteKey key = new RouteKeys(input.kind(), input.route(), r, rule.name()).of(0);
      templates.add(new StreamRoute(key, List.of(), backendRefs(input, r, rule, issues)));
    }
    String created = RouteHostnames.created(input.route());
    RouteBinding binding =
        new RouteBinding(
            input.route(),
            input.kind(),
            input.parentRefs(),
            hostnames,
            (listener, names) ->
                ListenerContext.Attachment.streams(
                    templates.stream()
                        .map(
                            t ->
                                new StreamRoute(
                                    t.key(),
                                    input.usesHostnames() ? names : List.of(),
                                    t.backends()))
                        .map(t -> BackendClientCertificates.apply(t, listener.gateway()))
                        .map(t -> new AttachedStreamRoute(created, t))
                        .toList()));
    return parents.process(binding, issues);
  }

  private List<BackendRef> backendRefs(Input input, int index, Rule rule, RouteIssues issues) {
    String namespace = input.route().getMetadata().getNamespace();
    List<BackendRef> result = new ArrayList<>();
    for (int i = 0; i < rule.backendRefs().size(); i++) {
      var spec = rule.backendRefs().get(i);
      backends
          .weighted(
              input.kind(),
              namespace,
              BackendTarget.of(spec, namespace),
              spec.getWeight(),
              "spec.rules[" + index + "].backendRefs[" + i + "]",
              issues)
          .ifPresent(result::add);
    }
    return result;
  }
}
