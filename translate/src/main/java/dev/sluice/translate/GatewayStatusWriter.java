package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddressBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatusBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the status of a Gateway once its routes are attached: addresses, the Gateway's {@code
 * Accepted} and {@code Programmed} conditions, and one entry per listener. Stateless.
 */
final class GatewayStatusWriter {

  private GatewayStatusWriter() {}

  static Gateway write(GatewayContext context) {
    Gateway gateway = context.gateway();
    boolean programmed =
        context.accepted() && context.listeners().stream().anyMatch(ListenerContext::programmed);
    List<Outcome> conditions =
        new ArrayList<>(List.of(accepted(context), programmed(context, programmed)));
    context.backendCertificate().resolvedRefs().ifPresent(conditions::add);
    if (FrontendValidations.insecureFallback(gateway)) {
      conditions.add(
          Outcome.ok(
              FrontendValidations.INSECURE_MODE_CONDITION,
              Conditions.CONFIGURATION_CHANGED,
              "frontend client validation uses AllowInsecureFallback: clients without a valid"
                  + " certificate are served"));
    }
    GatewayStatusBuilder status =
        new GatewayStatusBuilder()
            .withConditions(Conditions.of(gateway, conditions))
            .withAttachedListenerSets(context.attachedListenerSets())
            .withListeners(
                context.listeners().stream().map(l -> listenerStatus(gateway, l)).toList());
    if (programmed && context.address() instanceof GatewayAddresses.Choice.Bound bound) {
      status.withAddresses(
          new GatewayStatusAddressBuilder()
              .withType("IPAddress")
              .withValue(bound.address())
              .build());
    }
    return new GatewayBuilder(gateway).withStatus(status.build()).build();
  }

  private static Outcome accepted(GatewayContext context) {
    if (context.rejection().isPresent()) {
      return context.rejection().get();
    }
    List<String> invalid =
        context.listeners().stream().filter(l -> !l.accepted()).map(ListenerContext::name).toList();
    if (context.listeners().isEmpty()) {
      return Outcome.fail(
          Conditions.ACCEPTED, Conditions.LISTENERS_NOT_VALID, "the Gateway has no listeners");
    }
    if (invalid.isEmpty()) {
      return Outcome.ok(Conditions.ACCEPTED, Conditions.ACCEPTED, "Gateway is accepted");
    }
    if (invalid.size() == context.listeners().size()) {
      return Outcome.fail(
          Conditions.ACCEPTED,
          Conditions.LISTENERS_NOT_VALID,
          "no listener is valid: " + String.join(", ", invalid) + "; see the listener conditions");
    }
    return Outcome.ok(
        Conditions.ACCEPTED,
        Conditions.LISTENERS_NOT_VALID,
        "Gateway is accepted, but listeners "
            + String.join(", ", invalid)
            + " are not valid and are not served; see their conditions");
  }

  private static Outcome programmed(GatewayContext context, boolean programmed) {
    if (programmed && context.address() instanceof GatewayAddresses.Choice.Bound bound) {
      List<String> ports =
          context.listeners().stream()
              .filter(ListenerContext::programmed)
              .map(l -> String.valueOf(l.port()))
              .distinct()
              .toList();
      return Outcome.ok(
          Conditions.PROGRAMMED,
          Conditions.PROGRAMMED,
          "serving on " + bound.address() + " port(s) " + String.join(", ", ports));
    }
    String why = context.accepted() ? "no listener can be served" : "the Gateway is not accepted";
    return Outcome.fail(Conditions.PROGRAMMED, Conditions.INVALID, "not programmed: " + why);
  }

  private static ListenerStatus listenerStatus(Gateway gateway, ListenerContext listener) {
    List<Outcome> outcomes = ListenerOutcomes.all(listener);
    return new ListenerStatusBuilder()
        .withName(listener.name())
        .withSupportedKinds(listener.supportedKinds())
        .withAttachedRoutes(listener.attachedRoutes())
        .withConditions(Conditions.of(gateway, outcomes))
        .build();
  }
}
