package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;
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
 * The parent logic shared by every route kind: attaches a route to the listeners of our Gateways
 * through its parentRefs, and writes one parent status per parentRef that names a Gateway of ours.
 * Routes whose parents all belong to other controllers get no status. Immutable after construction;
 * each call is independent.
 */
final class RouteParents {

  private final Map<String, GatewayContext> gateways;
  private final Map<String, ListenerSetContext> listenerSets;
  private final Set<String> allGateways;
  private final NamespaceLabels labels;
  private final BackendTlsPolicies policies;
  private final Problems problems;
  private final RouteJournal journal;

  /**
   * @param gateways our Gateways by {@code namespace/name}
   * @param listenerSets the ListenerSets whose parent is a Gateway of ours, by {@code
   *     namespace/name}
   * @param allGateways every Gateway in the config, ours or not, as {@code namespace/name}
   * @param journal told what each route attaches and uses, for {@link TranslationMemo}
   */
  RouteParents(
      Map<String, GatewayContext> gateways,
      Map<String, ListenerSetContext> listenerSets,
      Set<String> allGateways,
      NamespaceLabels labels,
      BackendTlsPolicies policies,
      Problems problems,
      RouteJournal journal) {
    this.gateways = gateways;
    this.listenerSets = listenerSets;
    this.allGateways = allGateways;
    this.labels = labels;
    this.policies = policies;
    this.problems = problems;
    this.journal = journal;
  }

  /**
   * Attaches {@code binding} where its parentRefs allow and reports {@code issues}.
   *
   * @return our parent statuses, or empty when no parentRef names a Gateway of ours
   */
  Optional<List<RouteParentStatus>> process(RouteBinding binding, RouteIssues issues) {
    List<RouteParentStatus> parents = new ArrayList<>();
    Map<ListenerContext, List<String>> attached = new LinkedHashMap<>();
    for (int i = 0; i < binding.parentRefs().size(); i++) {
      parent(binding, i, issues, attached).ifPresent(parents::add);
    }
    if (parents.isEmpty()) {
      return Optional.empty();
    }
    issues.report(binding.route(), problems);
    attached.forEach(
        (listener, names) -> {
          ListenerContext.Attachment attachment = binding.attachment().apply(listener, names);
          listener.attach(attachment);
          journal.attached(listener, attachment);
        });
    Set<ServicePortRef> used = issues.usedServices();
    for (GatewayContext gateway :
        attached.keySet().stream().map(ListenerContext::gateway).distinct().toList()) {
      for (ServicePortRef service : used) {
        policies.usedBy(service, gateway);
        journal.used(service, gateway);
      }
    }
    return Optional.of(parents);
  }

  /** Keeps the entries other controllers wrote; replaces ours. */
  static List<RouteParentStatus> merge(
      List<RouteParentStatus> existing, List<RouteParentStatus> ours) {
    List<RouteParentStatus> parents = new ArrayList<>();
    if (existing != null) {
      existing.stream()
          .filter(p -> !Translator.CONTROLLER_NAME.equals(p.getControllerName()))
          .forEach(p -> parents.add(new RouteParentStatusBuilder(p).build()));
    }
    parents.addAll(ours);
    return parents;
  }

  private Optional<RouteParentStatus> parent(
      RouteBinding binding,
      int index,
      RouteIssues issues,
      Map<ListenerContext, List<String>> attached) {
    HasMetadata route = binding.route();
    ParentReference ref = binding.parentRefs().get(index);
    String namespace =
        Objects.requireNonNullElse(ref.getNamespace(), route.getMetadata().getNamespace());
    String group = Objects.requireNonNullElse(ref.getGroup(), Translator.GATEWAY_GROUP);
    String kind = Objects.requireNonNullElse(ref.getKind(), "Gateway");
    Optional<Candidates> candidates = candidates(route, index, group, kind, namespace, ref);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    ParentAttachment attachment =
        ParentAttachment.attach(
            ref,
            candidates.get().parent(),
            candidates.get().listeners(),
            binding.kind(),
            route.getMetadata().getNamespace(),
            binding.hostnames(),
            labels);
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

  /** A parent of ours and the listeners a parentRef to it may attach to. */
  private record Candidates(Object parent, List<ListenerContext> listeners) {}

  /**
   * The Gateway of ours (its own listeners) or the ListenerSet on a Gateway of ours (its listeners,
   * none when it is not allowed) that a parentRef names; empty for parents that are not ours.
   */
  private Optional<Candidates> candidates(
      HasMetadata route,
      int index,
      String group,
      String kind,
      String namespace,
      ParentReference ref) {
    String key = namespace + "/" + ref.getName();
    if (!group.equals(Translator.GATEWAY_GROUP)) {
      return Optional.empty();
    }
    if (kind.equals(ListenerSets.KIND)) {
      return Optional.ofNullable(listenerSets.get(key))
          .map(s -> new Candidates(s, s.accepted() ? s.listeners() : List.of()));
    }
    if (!kind.equals("Gateway")) {
      return Optional.empty();
    }
    GatewayContext gateway = gateways.get(key);
    if (gateway == null && !allGateways.contains(key)) {
      problems.warning(
          route, "spec.parentRefs[" + index + "]", "Gateway " + key + " does not exist");
    }
    return Optional.ofNullable(gateway).map(g -> new Candidates(g, g.listeners()));
  }

  private static Outcome acceptedBy(ParentAttachment attachment) {
    List<String> names =
        attachment.listeners().keySet().stream().map(ListenerContext::name).toList();
    return Outcome.ok(
        Conditions.ACCEPTED,
        Conditions.ACCEPTED,
        "attached to listener(s) " + String.join(", ", names));
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
}
