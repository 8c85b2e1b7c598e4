package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicyBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyAncestorStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyAncestorStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyStatusBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a BackendTLSPolicy's status: one ancestor entry per Gateway of ours whose routes use a
 * targeted Service, keeping the entries of other controllers. Stateless.
 */
final class BackendTlsPolicyStatusWriter {

  private BackendTlsPolicyStatusWriter() {}

  static BackendTLSPolicy write(
      BackendTLSPolicy policy,
      List<GatewayContext> gateways,
      Outcome accepted,
      Outcome resolvedRefs) {
    List<PolicyAncestorStatus> ancestors = new ArrayList<>();
    if (policy.getStatus() != null && policy.getStatus().getAncestors() != null) {
      policy.getStatus().getAncestors().stream()
          .filter(a -> !Translator.CONTROLLER_NAME.equals(a.getControllerName()))
          .forEach(a -> ancestors.add(new PolicyAncestorStatusBuilder(a).build()));
    }
    for (GatewayContext gateway : gateways) {
      ancestors.add(
          new PolicyAncestorStatusBuilder()
              .withAncestorRef(
                  new ParentReferenceBuilder()
                      .withGroup(Translator.GATEWAY_GROUP)
                      .withKind("Gateway")
                      .withNamespace(gateway.namespace())
                      .withName(gateway.name())
                      .build())
              .withControllerName(Translator.CONTROLLER_NAME)
              .withConditions(Conditions.of(policy, List.of(accepted, resolvedRefs)))
              .build());
    }
    return new BackendTLSPolicyBuilder(policy)
        .withStatus(new PolicyStatusBuilder().withAncestors(ancestors).build())
        .build();
  }
}
