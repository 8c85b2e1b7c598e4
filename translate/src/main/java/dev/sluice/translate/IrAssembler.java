package dev.sluice.translate;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.StreamRoute;
import dev.sluice.ir.VirtualHost;
import dev.sluice.ir.VirtualHostType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the IR from the programmed listeners: one IR {@link Listener} per bound address and port,
 * with one virtual host per Gateway listener on it. Stateless.
 */
final class IrAssembler {

  /** One socket being assembled. */
  private record Socket(
      String address, int port, ListenerProtocol protocol, List<VirtualHost> hosts) {}

  private IrAssembler() {}

  /** {@code gateways} in namespace/name order; the result is ordered by port, then address. */
  static GatewayIr assemble(List<GatewayContext> gateways) {
    Map<String, Socket> sockets = new TreeMap<>();
    for (GatewayContext gateway : gateways) {
      if (!(gateway.address() instanceof GatewayAddresses.Choice.Bound bound)) {
        continue;
      }
      for (ListenerContext listener : gateway.allListeners()) {
        if (!listener.programmed()) {
          continue;
        }
        Socket socket =
            sockets.computeIfAbsent(
                name(bound.address(), listener.port()),
                k ->
                    new Socket(
                        bound.address(),
                        listener.port(),
                        listener.irProtocol().orElseThrow(),
                        new ArrayList<>()));
        socket.hosts().add(virtualHost(listener));
      }
    }
    return new GatewayIr(
        sockets.entrySet().stream()
            .sorted(
                Comparator.comparing((Map.Entry<String, Socket> e) -> e.getValue().port())
                    .thenComparing(e -> e.getValue().address()))
            .map(
                e ->
                    new Listener(
                        e.getKey(),
                        e.getValue().address(),
                        e.getValue().port(),
                        e.getValue().protocol(),
                        e.getValue().hosts()))
            .toList());
  }

  private static VirtualHost virtualHost(ListenerContext listener) {
    VirtualHostType type = listener.virtualHostType().orElseThrow();
    boolean byName = type != VirtualHostType.TCP && type != VirtualHostType.UDP;
    return new VirtualHost(
        listener.key(),
        byName ? listener.hostname() : Optional.empty(),
        listener.routes().stream().map(AttachedRoute::route).toList(),
        type,
        listener.termination(),
        listener.streamRoutes().stream()
            .map(AttachedStreamRoute::route)
            .map(
                route -> type == VirtualHostType.TLS_PASSTHROUGH ? withoutBackendTls(route) : route)
            .toList());
  }

  /**
   * Passthrough relays the client's own TLS session end to end: a BackendTLSPolicy on the Service
   * cannot apply (the gateway would wrap TLS in TLS), so its backends are reached as they are.
   */
  private static StreamRoute withoutBackendTls(StreamRoute route) {
    List<BackendRef> backends =
        route.backends().stream()
            .map(
                ref ->
                    ref.backend() instanceof Backend.Service service && service.tls().isPresent()
                        ? new BackendRef(
                            new Backend.Service(
                                service.name(),
                                service.endpoints(),
                                service.protocol(),
                                Optional.empty()),
                            ref.weight(),
                            ref.filters())
                        : ref)
            .toList();
    return new StreamRoute(route.key(), route.hostnames(), backends);
  }

  /** {@code address:port}, with IPv6 addresses in brackets. */
  static String name(String address, int port) {
    return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
  }
}
