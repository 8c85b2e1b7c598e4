package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Attaches one HTTPRoute to the listeners of our Gateways, adds its IR routes to them, and writes
 * one parent status per parentRef that names a Gateway of ours. Routes whose parents all belong to
 * other controllers get no status. Immutable after construction; each call is independent.
 */
final class HTTPRouteProcessor {

  private final Map<String, GatewayContext> gateways;
  private final Set<String> allGateways;
  private final NamespaceLabels labels;
  private final HTTPRuleTranslator rules;
  private final Problems problems;

  /**
   * @param gateways our Gateways by {@code namespace/name}
   * @param allGateways every Gateway in the config, ours or not, as {@code namespace/name}
   */
  HTTPRouteProcessor(
      Map<String, GatewayContext> gateways,
      Set<String> allGateways,
      NamespaceLabels labels,
      HTTPRuleTranslator rules,
      Problems problems) {
    this.gateways = gateways;
    this.allGateways = allGateways;
    this.labels = labels;
    this.rules = rules;
    this.problems = problems;
  }

  /** The route with its status, when a parentRef names a Gateway of ours. */
  Optional<HTTPRoute> process(HTTPRoute route) {
    RouteIssues issues = new RouteIssues();
    List<String> hostnames = hostnames(route, issues);
    List<HTTPRuleTranslator.RuleRoute> ruleRoutes = rules.translate(route, issues);
    List<RouteParentStatus> parents = new ArrayList<>();
    Map<ListenerContext, List<String>> attached = new LinkedHashMap<>();
    List<ParentReference> refs =
        route.getSpec().getParentRefs() == null ? List.of() : route.getSpec().getParentRefs();
    for (int i = 0; i < refs.size(); i++) {
      parent(route, i, refs.get(i), hostnames, issues, attached).ifPresent(parents::add);
    }
    if (parents.isEmpty()) {
      return Optional.empty();
    }
    issues.report(route, problems);
    String created = Objects.requireNonNullElse(route.getMetadata().getCreationTimestamp(), "");
    attached.forEach(
        (listener, names) ->
            listener.attach(
                ruleRoutes.stream().map(r -> new AttachedRoute(created, r.on(names))).toList()));
    return Optional.of(withStatus(route, parents));
  }

  private Optional<RouteParentStatus> parent(
      HTTPRoute route,
      int index,
      ParentReference ref,
      List<String> hostnames,
      RouteIssues issues,
      Map<ListenerContext, List<String>> attached) {
    String namespace =
        Objects.requireNonNullElse(ref.getNamespace(), route.getMetadata().getNamespace());
    String group = Objects.requireNonNullElse(ref.getGroup(), Translator.GATEWAY_GROUP);
    String kind = Objects.requireNonNullElse(ref.getKind(), "Gateway");
    if (!group.equals(Translator.GATEWAY_GROUP) || !kind.equals("Gateway")) {
      return Optional.empty();
    }
    GatewayContext gateway = gateways.get(namespace + "/" + ref.getName());
    if (gateway == null) {
      if (!allGateways.contains(namespace + "/" + ref.getName())) {
        problems.warning(
            route,
            "spec.parentRefs[" + index + "]",
            "Gateway " + namespace + "/" + ref.getName() + " does not exist");
      }
      return Optional.empty();
    }
    ParentAttachment attachment =
        ParentAttachment.attach(
            ref, gateway, route.getMetadata().getNamespace(), hostnames, labels);
    attachment
        .failure()
        .ifPresent(f -> problems.error(route, "spec.parentRefs[" + index + "]", f.message()));
    Outcome accepted =
        attachment.failure().or(issues::rejection).orElseGet(() -> acceptedBy(attachment));
    if (accepted.status()) {
      attachment.listeners().forEach(attached::putIfAbsent);
    }
    return Optional.of(
        new RouteParentStatusBuilder()
            .withParentRef(explicit(ref, group, kind, namespace))
            .withControllerName(Translator.CONTROLLER_NAME)
            .withConditions(Conditions.of(route, List.of(accepted, issues.resolvedRefs())))
            .build());
  }

  private static Outcome acceptedBy(ParentAttachment attachment) {
    List<String> names =
        attachment.listeners().keySet().stream().map(ListenerContext::name).toList();
    return Outcome.ok(
        Conditions.ACCEPTED,
        Conditions.ACCEPTED,
        "attached to listener(s) " + String.join(", ", names));
  }

  private static List<String> hostnames(HTTPRoute route, RouteIssues issues) {
    List<String> hostnames =
        route.getSpec().getHostnames() == null ? List.of() : route.getSpec().getHostnames();
    for (int i = 0; i < hostnames.size(); i++) {
      String at = "spec.hostnames[" + i + "]";
      Hostnames.validate(String.valueOf(hostnames.get(i)))
          .ifPresent(m -> issues.unsupported(at, m));
    }
    return hostnames;
  }

  /** The parentRef as written, with group, kind and namespace made explicit. */
  private static ParentReference explicit(
      ParentReference ref, String group, String kind, String namespace) {
    return new ParentReferenceBuilder(ref)
        .withGroup(group)
        .withKind(kind)
        .withNamespace(namespace)
        .build();
  }

  /** Keeps the entries other controllers wrote; replaces ours. */
  private static HTTPRoute withStatus(HTTPRoute route, List<RouteParentStatus> ours) {
    List<RouteParentStatus> parents = new ArrayList<>();
    if (route.getStatus() != null && route.getStatus().getParents() != null) {
      route.getStatus().getParents().stream()
          .filter(p -> !Translator.CONTROLLER_NAME.equals(p.getControllerName()))
          .forEach(p -> parents.add(new RouteParentStatusBuilder(p).build()));
    }
    parents.addAll(ours);
    return new HTTPRouteBuilder(route)
        .withStatus(new HTTPRouteStatusBuilder().withParents(parents).build())
        .build();
  }
}
