package dev.sluice.translate;

import dev.sluice.ir.ClientLimits;
import dev.sluice.source.api.ClientTrafficPolicy;
import dev.sluice.source.api.ClientTrafficPolicySpec;
import dev.sluice.translate.ClientTrafficPolicyAttachment.Ancestor;
import dev.sluice.translate.ClientTrafficPolicyAttachment.Target;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalPolicyTargetReferenceWithSectionName;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Attaches ClientTrafficPolicies to the Gateways of ours and decides which limits each Gateway
 * listener gets.
 *
 * <p>A policy targets a Gateway (all its listeners, those of its ListenerSets included) or, with
 * {@code sectionName}, one of the Gateway's own listeners; a listener-level policy replaces the
 * Gateway-level one for that listener (no field-by-field merge: fields it leaves unset take the
 * defaults). Only valid policies compete for a target: the oldest (creationTimestamp, then
 * namespace/name) applies and the others are {@code Accepted=False/Conflicted}. Listeners that
 * share a socket must agree on their limits; {@link SocketLimits} settles that.
 *
 * <p>Mutable while it runs; confined to one {@link Translator#translate} call.
 */
final class ClientTrafficPolicyProcessor {

  private static final Comparator<ClientTrafficPolicy> OLDEST_FIRST =
      Comparator.comparing(
              (ClientTrafficPolicy p) ->
                  Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(p -> String.valueOf(p.getMetadata().getNamespace()))
          .thenComparing(p -> String.valueOf(p.getMetadata().getName()));

  private final Map<String, GatewayContext> gateways;
  private final Problems problems;
  private final List<ClientTrafficPolicyAttachment> attachments = new ArrayList<>();
  private final Map<Target, ClientTrafficPolicyAttachment> winners = new LinkedHashMap<>();

  private ClientTrafficPolicyProcessor(Map<String, GatewayContext> gateways, Problems problems) {
    this.gateways = gateways;
    this.problems = problems;
  }

  /**
   * @param gateways our Gateways by {@code namespace/name}
   * @return what each listener gets, with the policies for their statuses
   */
  static ClientTrafficPolicyProcessor process(
      List<ClientTrafficPolicy> policies, Map<String, GatewayContext> gateways, Problems problems) {
    ClientTrafficPolicyProcessor processor = new ClientTrafficPolicyProcessor(gateways, problems);
    policies.stream()
        .filter(p -> p.getMetadata() != null && p.getMetadata().getName() != null)
        .sorted(OLDEST_FIRST)
        .forEach(processor::attach);
    return processor;
  }

  /** Every policy, in the order they were attached (oldest first). */
  List<ClientTrafficPolicyAttachment> attachments() {
    return attachments;
  }

  /**
   * The policy that applies to {@code listener} and the target it applies through: a policy on the
   * listener itself, else one on its Gateway; empty when the defaults apply.
   */
  Optional<Applied> appliedTo(ListenerContext listener) {
    GatewayContext gateway = listener.gateway();
    Optional<ClientTrafficPolicyAttachment> own =
        gateway.listeners().contains(listener)
            ? winner(new Target(gateway.namespace(), gateway.name(), listener.name()))
            : Optional.empty();
    Target whole = new Target(gateway.namespace(), gateway.name(), "");
    return own.map(
            a -> new Applied(a, new Target(gateway.namespace(), gateway.name(), listener.name())))
        .or(() -> winner(whole).map(a -> new Applied(a, whole)));
  }

  /** A valid policy applying to a listener through {@code target}. */
  record Applied(ClientTrafficPolicyAttachment attachment, Target target) {
    ClientLimits limits() {
      return attachment.limits().orElseThrow();
    }
  }

  private Optional<ClientTrafficPolicyAttachment> winner(Target target) {
    return Optional.ofNullable(winners.get(target));
  }

  private void attach(ClientTrafficPolicy policy) {
    ClientTrafficPolicySpec spec =
        policy.spec().orElse(new ClientTrafficPolicySpec(null, null, null, null, null, null, null));
    Optional<Outcome> invalid = Optional.empty();
    Optional<ClientLimits> limits = Optional.empty();
    switch (ClientLimitsEvaluator.evaluate(spec)) {
      case ClientLimitsEvaluator.Result.Valid valid -> limits = Optional.of(valid.limits());
      case ClientLimitsEvaluator.Result.Invalid bad -> {
        problems.error(policy, bad.field(), bad.message());
        invalid =
            Optional.of(
                Outcome.fail(
                    Conditions.ACCEPTED, Conditions.INVALID, bad.field() + ": " + bad.message()));
      }
    }
    ClientTrafficPolicyAttachment attachment = new ClientTrafficPolicyAttachment(policy, limits);
    attachments.add(attachment);
    if (spec.targetRefs().isEmpty()) {
      problems.error(policy, "spec.targetRefs", "at least one target is required");
    }
    List<LocalPolicyTargetReferenceWithSectionName> refs = spec.targetRefs();
    for (int i = 0; i < refs.size(); i++) {
      if (refs.get(i) != null) {
        target(attachment, "spec.targetRefs[" + i + "]", refs.get(i), invalid);
      }
    }
  }

  private void target(
      ClientTrafficPolicyAttachment attachment,
      String field,
      LocalPolicyTargetReferenceWithSectionName ref,
      Optional<Outcome> invalid) {
    ClientTrafficPolicy policy = attachment.policy();
    String namespace = policy.getMetadata().getNamespace();
    String group = Objects.requireNonNullElse(ref.getGroup(), "");
    String kind = Objects.requireNonNullElse(ref.getKind(), "");
    String name = Objects.requireNonNullElse(ref.getName(), "");
    String section = Objects.requireNonNullElse(ref.getSectionName(), "");
    ParentReference ancestorRef = ancestorRef(group, kind, namespace, name, section);
    if (!group.equals(Translator.GATEWAY_GROUP) || !kind.equals("Gateway")) {
      String message =
          "target %s/%s is not supported (expected: group %s, kind Gateway)"
              .formatted(group, kind, Translator.GATEWAY_GROUP);
      problems.error(policy, field, message);
      attachment.add(fail(ancestorRef, Conditions.INVALID, field + ": " + message));
      return;
    }
    Optional<String> missing = missing(namespace, name, section);
    if (missing.isPresent()) {
      problems.warning(policy, field, missing.get());
      attachment.add(fail(ancestorRef, TARGET_NOT_FOUND, missing.get()));
      return;
    }
    Target target = new Target(namespace, name, section);
    Outcome accepted =
        invalid.orElse(Outcome.ok(Conditions.ACCEPTED, Conditions.ACCEPTED, "policy is accepted"));
    if (!attachment.add(new Ancestor(ancestorRef, Optional.of(target), accepted))
        || invalid.isPresent()) {
      return;
    }
    ClientTrafficPolicyAttachment older = winners.putIfAbsent(target, attachment);
    if (older != null) {
      String message =
          "%s is already targeted by the older ClientTrafficPolicy %s"
              .formatted(target.describe(), older.name());
      problems.warning(policy, field, message);
      attachment.ancestor(target).conflicted(message);
    }
  }

  /** Why {@code name} and {@code section} do not name a target of ours, if they do not. */
  private Optional<String> missing(String namespace, String name, String section) {
    GatewayContext gateway = gateways.get(namespace + "/" + name);
    if (gateway == null) {
      return Optional.of(
          "Gateway %s/%s does not exist or is not served by %s"
              .formatted(namespace, name, Translator.CONTROLLER_NAME));
    }
    if (!section.isEmpty()
        && gateway.listeners().stream().noneMatch(l -> l.name().equals(section))) {
      return Optional.of(
          "Gateway %s/%s has no listener named %s".formatted(namespace, name, section));
    }
    return Optional.empty();
  }

  static final String TARGET_NOT_FOUND = "TargetNotFound";

  private static Ancestor fail(ParentReference ref, String reason, String message) {
    return new Ancestor(ref, Optional.empty(), Outcome.fail(Conditions.ACCEPTED, reason, message));
  }

  private static ParentReference ancestorRef(
      String group, String kind, String namespace, String name, String section) {
    return new ParentReferenceBuilder()
        .withGroup(group)
        .withKind(kind)
        .withNamespace(namespace)
        .withName(name)
        .withSectionName(section.isEmpty() ? null : section)
        .build();
  }
}
