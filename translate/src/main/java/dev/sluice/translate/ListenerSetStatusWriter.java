package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetStatusBuilder;
import java.util.List;

/**
 * Writes the status of a ListenerSet once routes are attached: {@code Accepted} and {@code
 * Programmed} ({@code NotAllowed} when its Gateway does not allow it, {@code ListenersNotValid}
 * when none of its listeners is valid) and one entry per listener, shaped like a Gateway listener
 * status. Stateless.
 */
final class ListenerSetStatusWriter {

  private ListenerSetStatusWriter() {}

  static ListenerSet write(ListenerSetContext context) {
    ListenerSet set = context.listenerSet();
    List<Outcome> conditions = List.of(accepted(context), programmed(context));
    List<ListenerEntryStatus> listeners =
        context.listeners().stream()
            .map(
                l ->
                    new ListenerEntryStatusBuilder()
                        .withName(l.name())
                        .withSupportedKinds(l.supportedKinds())
                        .withAttachedRoutes(l.attachedRoutes())
                        .withConditions(Conditions.of(set, ListenerOutcomes.all(l)))
                        .build())
            .toList();
    return new ListenerSetBuilder(set)
        .withStatus(
            new ListenerSetStatusBuilder()
                .withConditions(Conditions.of(set, conditions))
                .withListeners(listeners)
                .build())
        .build();
  }

  private static Outcome accepted(ListenerSetContext context) {
    if (context.notAllowed().isPresent()) {
      return context.notAllowed().get();
    }
    if (!context.gateway().accepted()) {
      return Outcome.fail(
          Conditions.ACCEPTED,
          Conditions.PARENT_NOT_ACCEPTED,
          context.gateway() + " is not accepted");
    }
    // A listener is valid when it can be served: accepted with every reference resolved (a
    // listener whose certificate is not permitted stays Accepted but cannot be programmed).
    List<String> invalid =
        context.listeners().stream()
            .filter(l -> !l.programmed())
            .map(ListenerContext::name)
            .toList();
    if (invalid.isEmpty()) {
      return Outcome.ok(Conditions.ACCEPTED, Conditions.ACCEPTED, "ListenerSet is accepted");
    }
    if (invalid.size() < context.listeners().size()) {
      // Reason Accepted, not ListenersNotValid: the set is attached and partly served.
      return Outcome.ok(
          Conditions.ACCEPTED,
          Conditions.ACCEPTED,
          "accepted, but listeners "
              + String.join(", ", invalid)
              + " are not valid and are not served; see their conditions");
    }
    return Outcome.fail(
        Conditions.ACCEPTED,
        Conditions.LISTENERS_NOT_VALID,
        "no listener is valid: " + String.join(", ", invalid) + "; see the listener conditions");
  }

  private static Outcome programmed(ListenerSetContext context) {
    Outcome accepted = accepted(context);
    if (!accepted.status()) {
      return Outcome.fail(Conditions.PROGRAMMED, accepted.reason(), accepted.message());
    }
    if (context.listeners().stream().anyMatch(ListenerContext::programmed)) {
      return Outcome.ok(
          Conditions.PROGRAMMED, Conditions.PROGRAMMED, "served by " + context.gateway());
    }
    return Outcome.fail(
        Conditions.PROGRAMMED, Conditions.INVALID, "no listener of the ListenerSet can be served");
  }
}
