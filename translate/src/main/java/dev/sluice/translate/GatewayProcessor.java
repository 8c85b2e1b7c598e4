package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@link GatewayContext} of one Gateway of ours: its address, Gateway-level problems,
 * and each listener checked on its own and against its siblings. Stateless.
 */
final class GatewayProcessor {

  private GatewayProcessor() {}

  static GatewayContext process(
      Gateway gateway, AddressPlan plan, TlsReferences tls, Problems problems) {
    GatewayAddresses.Choice address = GatewayAddresses.choose(gateway, plan, problems);
    GatewayContext context =
        new GatewayContext(
            gateway,
            address,
            rejection(gateway, address, problems),
            GatewayBackendCertificate.resolve(gateway, tls, problems));
    ListenerTlsResolver tlsResolver = new ListenerTlsResolver(tls);
    List<Listener> listeners =
        gateway.getSpec().getListeners() == null ? List.of() : gateway.getSpec().getListeners();
    for (int i = 0; i < listeners.size(); i++) {
      context.add(
          ListenerProcessor.evaluate(
              context,
              new ListenerOwner(gateway, ReferenceGrants.GATEWAY),
              i,
              listeners.get(i),
              tlsResolver,
              problems));
    }
    if (listeners.isEmpty()) {
      problems.error(
          gateway, "spec.listeners", "the Gateway has no listeners (expected: at least one)");
    }
    ListenerConflicts.withinGateway(context, problems);
    return context;
  }

  private static Optional<Outcome> rejection(
      Gateway gateway, GatewayAddresses.Choice address, Problems problems) {
    if (address instanceof GatewayAddresses.Choice.Unusable unusable) {
      problems.error(gateway, unusable.field(), unusable.message());
      return Optional.of(
          Outcome.fail(Conditions.ACCEPTED, Conditions.UNSUPPORTED_ADDRESS, unusable.message()));
    }
    var infrastructure = gateway.getSpec().getInfrastructure();
    if (infrastructure != null && infrastructure.getParametersRef() != null) {
      var ref = infrastructure.getParametersRef();
      String message =
          "parametersRef "
              + ref.getGroup()
              + "/"
              + ref.getKind()
              + " "
              + ref.getName()
              + " is not supported: "
              + Translator.CONTROLLER_NAME
              + " takes no Gateway parameters";
      problems.error(gateway, "spec.infrastructure.parametersRef", message);
      return Optional.of(Outcome.fail(Conditions.ACCEPTED, Conditions.INVALID_PARAMETERS, message));
    }
    return Optional.empty();
  }
}
