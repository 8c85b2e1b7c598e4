package dev.sluice.translate;

import dev.sluice.source.api.ClientTrafficPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyAncestorStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyAncestorStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyStatusBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes ClientTrafficPolicy statuses: one ancestor per target reference (the Gateway, with the
 * {@code sectionName} when the policy targets a listener), each with its {@code Accepted}
 * condition; entries of other controllers are kept. Stateless.
 */
final class ClientTrafficPolicyStatusWriter {

  private ClientTrafficPolicyStatusWriter() {}

  /** Copies of the policies with their status, by namespace/name. */
  static List<ClientTrafficPolicy> write(List<ClientTrafficPolicyAttachment> attachments) {
    return attachments.stream()
        .sorted(Comparator.comparing(ClientTrafficPolicyAttachment::name))
        .map(ClientTrafficPolicyStatusWriter::write)
        .toList();
  }

  private static ClientTrafficPolicy write(ClientTrafficPolicyAttachment attachment) {
    ClientTrafficPolicy policy = attachment.policy();
    List<PolicyAncestorStatus> ancestors = new ArrayList<>();
    policy.status().map(s -> s.getAncestors()).orElse(List.of()).stream()
        .filter(a -> a != null && !Translator.CONTROLLER_NAME.equals(a.getControllerName()))
        .forEach(a -> ancestors.add(new PolicyAncestorStatusBuilder(a).build()));
    for (ClientTrafficPolicyAttachment.Ancestor ancestor : attachment.ancestors()) {
      ancestors.add(
          new PolicyAncestorStatusBuilder()
              .withAncestorRef(ancestor.ref())
              .withControllerName(Translator.CONTROLLER_NAME)
              .withConditions(Conditions.of(policy, List.of(ancestor.accepted())))
              .build());
    }
    return policy.withStatus(new PolicyStatusBuilder().withAncestors(ancestors).build());
  }
}
