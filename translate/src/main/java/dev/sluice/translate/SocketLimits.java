package dev.sluice.translate;

import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ClientLimits} of each socket. Limits are a property of the socket (one accept loop,
 * one codec), so the Gateway listeners that share an address and port must agree: when their
 * effective limits differ, those of the oldest Gateway's listener (creationTimestamp, then
 * namespace/name, then listener order) apply to the whole socket, and each policy whose limits lose
 * is {@code Accepted=False/Conflicted} for the target it applies through. Stateless.
 */
final class SocketLimits {

  /** A programmed Gateway listener on a socket, with the policy that applies to it, if any. */
  private record Member(
      ListenerContext listener, Optional<ClientTrafficPolicyProcessor.Applied> applied) {
    ClientLimits limits() {
      return applied
          .map(ClientTrafficPolicyProcessor.Applied::limits)
          .orElse(ClientLimits.DEFAULTS);
    }

    String describe() {
      GatewayContext gateway = listener.gateway();
      return "listener %s of Gateway %s/%s"
          .formatted(listener.name(), gateway.namespace(), gateway.name());
    }

    String source() {
      return applied
          .map(a -> "ClientTrafficPolicy " + a.attachment().name())
          .orElse("the defaults");
    }
  }

  private static final Comparator<GatewayContext> OLDEST_GATEWAY_FIRST =
      Comparator.comparing(GatewayContext::created)
          .thenComparing(GatewayContext::namespace)
          .thenComparing(GatewayContext::name);

  private SocketLimits() {}

  /**
   * Decides the limits of every socket and records the losing policies' conflicts.
   *
   * @return limits by socket name ({@code address:port}); sockets not in it keep the defaults
   */
  static Map<String, ClientLimits> decide(
      List<GatewayContext> gateways, ClientTrafficPolicyProcessor policies, Problems problems) {
    Map<String, List<Member>> sockets = new HashMap<>();
    gateways.stream()
        .sorted(OLDEST_GATEWAY_FIRST)
        .forEach(gateway -> collect(gateway, policies, sockets));
    Map<String, ClientLimits> limits = new HashMap<>();
    sockets.forEach((socket, members) -> limits.put(socket, settle(socket, members, problems)));
    return limits;
  }

  /** {@code ir} with each socket's limits set. */
  static GatewayIr apply(GatewayIr ir, Map<String, ClientLimits> limits) {
    List<Listener> listeners = new ArrayList<>();
    for (Listener l : ir.listeners()) {
      listeners.add(
          new Listener(
              l.name(),
              l.address(),
              l.port(),
              l.protocol(),
              l.virtualHosts(),
              limits.getOrDefault(l.name(), l.limits())));
    }
    return new GatewayIr(listeners);
  }

  private static void collect(
      GatewayContext gateway,
      ClientTrafficPolicyProcessor policies,
      Map<String, List<Member>> sockets) {
    if (!(gateway.address() instanceof GatewayAddresses.Choice.Bound bound)) {
      return;
    }
    for (ListenerContext listener : gateway.allListeners()) {
      if (listener.programmed()) {
        sockets
            .computeIfAbsent(
                IrAssembler.name(bound.address(), listener.port()), k -> new ArrayList<>())
            .add(new Member(listener, policies.appliedTo(listener)));
      }
    }
  }

  private static ClientLimits settle(String socket, List<Member> members, Problems problems) {
    Member first = members.get(0);
    for (Member other : members.subList(1, members.size())) {
      if (other.limits().equals(first.limits())) {
        continue;
      }
      String message =
          "%s shares socket %s with %s, whose limits (from %s) apply to the whole socket"
              .formatted(other.describe(), socket, first.describe(), first.source());
      if (other.applied().isPresent()) {
        ClientTrafficPolicyProcessor.Applied applied = other.applied().get();
        applied.attachment().ancestor(applied.target()).conflicted(message);
        problems.warning(applied.attachment().policy(), "spec.targetRefs", message);
      } else {
        ListenerContext listener = other.listener();
        GatewayContext gateway = listener.gateway();
        String field = gateway.listeners().contains(listener) ? listener.field("") : "";
        problems.warning(gateway.gateway(), field, message);
      }
    }
    return first.limits();
  }
}
