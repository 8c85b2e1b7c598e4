package dev.sluice.translate;

import java.util.List;

/**
 * Checks a ListenerSet listener against the listeners that take precedence over it on its Gateway:
 * sharing a port with one that needs another socket is a {@code ProtocolConflict}, sharing port and
 * hostname (for protocols that dispatch by hostname, or any two listeners otherwise) is a {@code
 * HostnameConflict}. Only the newcomer is marked; the listeners it collides with keep working.
 * Stateless.
 */
final class ListenerPrecedence {

  private ListenerPrecedence() {}

  /**
   * @param earlier listeners that take precedence; only accepted ones count
   */
  static void check(ListenerContext listener, List<ListenerContext> earlier, Problems problems) {
    if (!listener.accepted()) {
      return;
    }
    for (ListenerContext other : earlier) {
      if (!other.accepted() || other.port() != listener.port()) {
        continue;
      }
      if (!ListenerProtocols.socket(other.protocol())
          .equals(ListenerProtocols.socket(listener.protocol()))) {
        mark(
            listener,
            other,
            Conditions.PROTOCOL_CONFLICT,
            "with protocol " + other.protocol(),
            problems);
        return;
      }
      if (hostnameKey(other).equals(hostnameKey(listener))) {
        mark(
            listener,
            other,
            Conditions.HOSTNAME_CONFLICT,
            "with the same hostname (" + listener.hostname().orElse("none") + ")",
            problems);
        return;
      }
    }
  }

  private static void mark(
      ListenerContext listener,
      ListenerContext winner,
      String reason,
      String how,
      Problems problems) {
    String message =
        "port "
            + listener.port()
            + " is already used by "
            + winner
            + " "
            + how
            + ", which takes precedence";
    listener.markConflicted(reason, message);
    problems.error(listener.owner().object(), listener.field(""), message);
  }

  private static String hostnameKey(ListenerContext listener) {
    return ListenerProtocols.usesHostnames(listener.protocol())
        ? listener.hostname().orElse("")
        : "";
  }
}
