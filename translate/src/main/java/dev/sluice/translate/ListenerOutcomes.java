package dev.sluice.translate;

import java.util.List;

/**
 * The four conditions of a Gateway or ListenerSet listener's status, derived from its context.
 * Stateless.
 */
final class ListenerOutcomes {

  private ListenerOutcomes() {}

  /** Accepted, Programmed, ResolvedRefs and Conflicted, in that order. */
  static List<Outcome> all(ListenerContext listener) {
    return List.of(
        accepted(listener), programmed(listener), resolvedRefs(listener), conflicted(listener));
  }

  static Outcome accepted(ListenerContext listener) {
    if (listener.rejection().isPresent()) {
      return listener.rejection().get();
    }
    return listener
        .conflict()
        .map(c -> Outcome.fail(Conditions.ACCEPTED, c.reason(), c.message()))
        .orElseGet(() -> Outcome.ok(Conditions.ACCEPTED, Conditions.ACCEPTED, "listener is valid"));
  }

  static Outcome programmed(ListenerContext listener) {
    if (listener.programmed()) {
      return Outcome.ok(
          Conditions.PROGRAMMED,
          Conditions.PROGRAMMED,
          "serving " + listener.protocol() + " on port " + listener.port());
    }
    String reason = listener.conflict().map(Outcome::reason).orElse(Conditions.INVALID);
    return Outcome.fail(Conditions.PROGRAMMED, reason, "not programmed: " + whyNot(listener));
  }

  static Outcome resolvedRefs(ListenerContext listener) {
    return listener
        .unresolvedRefs()
        .orElseGet(
            () ->
                Outcome.ok(
                    Conditions.RESOLVED_REFS,
                    Conditions.RESOLVED_REFS,
                    "all references are resolved"));
  }

  static Outcome conflicted(ListenerContext listener) {
    return listener
        .conflict()
        .orElseGet(
            () ->
                new Outcome(Conditions.CONFLICTED, false, Conditions.NO_CONFLICTS, "no conflicts"));
  }

  private static String whyNot(ListenerContext listener) {
    if (!listener.accepted()) {
      return "the listener is not accepted";
    }
    if (!listener.gateway().accepted()) {
      return "the Gateway is not accepted";
    }
    if (!listener.hasNeededTls()) {
      return "no valid certificate to terminate TLS with";
    }
    return "no route kind it may serve";
  }
}
