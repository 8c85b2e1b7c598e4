package dev.sluice.translate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Finds listeners that are not distinct: within one Gateway (same port with protocols that need
 * different sockets, or same port, socket and hostname — all of them are conflicted, as the Gateway
 * API requires), and across Gateways that bind the same address and port (the older Gateway keeps
 * the socket). Stateless.
 */
final class ListenerConflicts {

  private ListenerConflicts() {}

  static void withinGateway(GatewayContext gateway, Problems problems) {
    Map<Integer, List<ListenerContext>> bySocket =
        gateway.listeners().stream()
            .filter(l -> ListenerProtocols.isKnown(l.protocol()) && validPort(l.port()))
            .collect(
                Collectors.groupingBy(ListenerContext::port, TreeMap::new, Collectors.toList()));
    for (List<ListenerContext> sharing : bySocket.values()) {
      if (sharing.stream().map(l -> ListenerProtocols.socket(l.protocol())).distinct().count()
          > 1) {
        for (ListenerContext listener : sharing) {
          conflict(
              listener, Conditions.PROTOCOL_CONFLICT, protocolMessage(listener, sharing), problems);
        }
        continue;
      }
      Map<String, List<ListenerContext>> byHostname = new LinkedHashMap<>();
      for (ListenerContext listener : sharing) {
        byHostname.computeIfAbsent(hostnameKey(listener), k -> new ArrayList<>()).add(listener);
      }
      byHostname.values().stream()
          .filter(same -> same.size() > 1)
          .forEach(
              same ->
                  same.forEach(
                      l ->
                          conflict(
                              l,
                              Conditions.HOSTNAME_CONFLICT,
                              hostnameMessage(l, same),
                              problems)));
    }
  }

  /** Gateways in age order; a listener loses the socket to any older accepted listener on it. */
  static void acrossGateways(List<GatewayContext> gateways, Problems problems) {
    Map<String, List<ListenerContext>> owners = new LinkedHashMap<>();
    List<GatewayContext> byAge =
        gateways.stream()
            .sorted(
                Comparator.comparing(GatewayContext::created)
                    .thenComparing(GatewayContext::namespace)
                    .thenComparing(GatewayContext::name))
            .toList();
    for (GatewayContext gateway : byAge) {
      if (!(gateway.address() instanceof GatewayAddresses.Choice.Bound bound)
          || !gateway.accepted()) {
        continue;
      }
      for (ListenerContext listener : gateway.allListeners()) {
        if (!listener.accepted() || listener.supportedKinds().isEmpty()) {
          continue;
        }
        String socket = bound.address() + "|" + listener.port();
        List<ListenerContext> taken = owners.computeIfAbsent(socket, k -> new ArrayList<>());
        taken.stream()
            .filter(owner -> !distinct(owner, listener))
            .findFirst()
            .ifPresentOrElse(
                owner -> lose(listener, owner, bound.address(), problems),
                () -> taken.add(listener));
      }
    }
  }

  private static void lose(
      ListenerContext listener, ListenerContext owner, String address, Problems problems) {
    boolean sameProtocol = sameSocket(owner, listener);
    String message =
        address
            + ":"
            + listener.port()
            + " is already served by "
            + owner
            + (sameProtocol
                ? " with the same hostname (" + describeHostname(owner) + ")"
                : " with protocol " + owner.protocol())
            + "; the older Gateway keeps it";
    conflict(
        listener,
        sameProtocol ? Conditions.HOSTNAME_CONFLICT : Conditions.PROTOCOL_CONFLICT,
        message,
        problems);
  }

  private static boolean distinct(ListenerContext a, ListenerContext b) {
    return sameSocket(a, b)
        && ListenerProtocols.usesHostnames(a.protocol())
        && !hostnameKey(a).equals(hostnameKey(b));
  }

  private static boolean sameSocket(ListenerContext a, ListenerContext b) {
    return ListenerProtocols.socket(a.protocol()).equals(ListenerProtocols.socket(b.protocol()));
  }

  private static void conflict(
      ListenerContext listener, String reason, String message, Problems problems) {
    if (listener.conflict().isEmpty()) {
      listener.markConflicted(reason, message);
      problems.error(listener.owner().object(), listener.field(""), message);
    }
  }

  private static String protocolMessage(ListenerContext listener, List<ListenerContext> sharing) {
    return "port "
        + listener.port()
        + " is used with protocols that need different sockets by listeners "
        + describe(sharing)
        + " (expected: one of HTTP, HTTPS/TLS, TCP or UDP per port)";
  }

  private static String hostnameMessage(ListenerContext listener, List<ListenerContext> same) {
    return "listeners "
        + describe(same)
        + " use the same port "
        + listener.port()
        + " and hostname ("
        + describeHostname(listener)
        + ") (expected: distinct hostnames)";
  }

  private static String describe(List<ListenerContext> listeners) {
    return String.join(
        ", ", listeners.stream().map(l -> l.name() + " (" + l.protocol() + ")").toList());
  }

  private static String describeHostname(ListenerContext listener) {
    return listener.hostname().orElse("none");
  }

  private static String hostnameKey(ListenerContext listener) {
    return ListenerProtocols.usesHostnames(listener.protocol())
        ? listener.hostname().orElse("")
        : "";
  }

  private static boolean validPort(int port) {
    return port >= 1 && port <= 65535;
  }
}
