package dev.sluice.translate;

import dev.sluice.ir.UpstreamTls;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalPolicyTargetReferenceWithSectionName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The BackendTLSPolicies of a config: which one applies to each Service port, which lose a
 * conflict, and which Gateways each one is used through (its status ancestors).
 *
 * <p>A policy with a {@code sectionName} (a Service port name) wins over one without for that port.
 * Policies with the same target (Service and sectionName) conflict: the oldest, then the first by
 * namespace/name, applies; the others are {@code Accepted=False/Conflicted} (GEP-713).
 *
 * <p>Mutable (ancestors are added while routes are translated); confined to one {@link
 * Translator#translate} call.
 */
final class BackendTlsPolicies {

  /** What a policy targets: a Service, or one port of it ({@code sectionName}, else ""). */
  private record Target(String namespace, String service, String sectionName) {}

  private static final Comparator<BackendTLSPolicy> OLDEST_FIRST =
      Comparator.comparing(
              (BackendTLSPolicy p) ->
                  Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(p -> p.getMetadata().getNamespace())
          .thenComparing(p -> p.getMetadata().getName());

  private final Map<Target, List<BackendTLSPolicy>> byTarget = new HashMap<>();
  private final Map<BackendTLSPolicy, BackendTlsPolicyEvaluator.Evaluated> evaluated =
      new LinkedHashMap<>();
  private final Map<BackendTLSPolicy, String> conflicts = new HashMap<>();
  private final Map<BackendTLSPolicy, Map<String, GatewayContext>> ancestors = new HashMap<>();

  BackendTlsPolicies(List<BackendTLSPolicy> policies, TlsReferences refs, Problems problems) {
    List<BackendTLSPolicy> sorted = policies.stream().sorted(OLDEST_FIRST).toList();
    for (BackendTLSPolicy policy : sorted) {
      evaluated.put(policy, BackendTlsPolicyEvaluator.evaluate(policy, refs, problems));
      targets(policy, problems)
          .forEach(t -> byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(policy));
    }
    byTarget.forEach(
        (target, sharing) ->
            sharing.stream()
                .skip(1)
                .forEach(loser -> conflicts.putIfAbsent(loser, conflictMessage(target, sharing))));
  }

  /**
   * The TLS for a Service port: empty when no policy applies; a failure when the applying policy is
   * not valid.
   */
  Optional<RefResult<UpstreamTls>> forPort(String namespace, String service, String portName) {
    Optional<BackendTLSPolicy> policy =
        winner(new Target(namespace, service, portName))
            .or(() -> winner(new Target(namespace, service, "")));
    return policy.map(
        p -> {
          BackendTlsPolicyEvaluator.Evaluated result = evaluated.get(p);
          return result.tls().isPresent()
              ? new RefResult.Ok<>(result.tls().get())
              : new RefResult.Failed<>(
                  RefResult.Failure.INVALID,
                  "BackendTLSPolicy "
                      + p.getMetadata().getNamespace()
                      + "/"
                      + p.getMetadata().getName()
                      + " is not valid: "
                      + result.invalid().map(Outcome::message).orElse(""));
        });
  }

  /** Records that traffic of {@code gateway} goes to {@code port}: its policies get an ancestor. */
  void usedBy(ServicePortRef port, GatewayContext gateway) {
    for (String section : List.of(port.portName(), "")) {
      byTarget
          .getOrDefault(new Target(port.namespace(), port.service(), section), List.of())
          .forEach(
              p ->
                  ancestors
                      .computeIfAbsent(p, k -> new TreeMap<>())
                      .put(gateway.namespace() + "/" + gateway.name(), gateway));
    }
  }

  /** Copies of the policies used by a Gateway of ours, with their status, by namespace/name. */
  List<BackendTLSPolicy> statuses() {
    return evaluated.keySet().stream()
        .filter(ancestors::containsKey)
        .sorted(
            Comparator.comparing((BackendTLSPolicy p) -> p.getMetadata().getNamespace())
                .thenComparing(p -> p.getMetadata().getName()))
        .map(
            p ->
                BackendTlsPolicyStatusWriter.write(
                    p,
                    List.copyOf(ancestors.get(p).values()),
                    accepted(p),
                    evaluated.get(p).resolvedRefs()))
        .toList();
  }

  private Outcome accepted(BackendTLSPolicy policy) {
    Optional<Outcome> invalid = evaluated.get(policy).invalid();
    if (invalid.isPresent()) {
      return invalid.get();
    }
    String conflict = conflicts.get(policy);
    return conflict != null
        ? Outcome.fail(Conditions.ACCEPTED, Conditions.CONFLICTED, conflict)
        : Outcome.ok(Conditions.ACCEPTED, Conditions.ACCEPTED, "policy is accepted");
  }

  private Optional<BackendTLSPolicy> winner(Target target) {
    return byTarget.getOrDefault(target, List.of()).stream().findFirst();
  }

  private static List<Target> targets(BackendTLSPolicy policy, Problems problems) {
    List<LocalPolicyTargetReferenceWithSectionName> refs =
        policy.getSpec() == null || policy.getSpec().getTargetRefs() == null
            ? List.of()
            : policy.getSpec().getTargetRefs();
    List<Target> result = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      var ref = refs.get(i);
      String group = Objects.requireNonNullElse(ref.getGroup(), "");
      if (!group.isEmpty() || !"Service".equals(ref.getKind())) {
        problems.warning(
            policy,
            "spec.targetRefs[" + i + "]",
            "target "
                + group
                + "/"
                + ref.getKind()
                + " is not supported (expected: a core"
                + " Service) and is ignored");
        continue;
      }
      result.add(
          new Target(
              policy.getMetadata().getNamespace(),
              ref.getName(),
              Objects.requireNonNullElse(ref.getSectionName(), "")));
    }
    return result;
  }

  private static String conflictMessage(Target target, List<BackendTLSPolicy> sharing) {
    BackendTLSPolicy winner = sharing.get(0);
    return "Service "
        + target.namespace()
        + "/"
        + target.service()
        + (target.sectionName().isEmpty() ? "" : " port " + target.sectionName())
        + " is already targeted by the older BackendTLSPolicy "
        + winner.getMetadata().getNamespace()
        + "/"
        + winner.getMetadata().getName();
  }
}
