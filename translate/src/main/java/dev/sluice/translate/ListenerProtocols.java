package dev.sluice.translate;

import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.VirtualHostType;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKindBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which Gateway listener protocols (and TLS modes) Sluice serves, the socket each needs, what its
 * virtual host does, and which route kinds it accepts. Stateless.
 *
 * <p>HTTPS and TLS listeners share a {@link ListenerProtocol#TLS} socket, which dispatches by SNI,
 * so HTTPS, TLS Terminate and TLS Passthrough listeners may use one port.
 */
final class ListenerProtocols {

  /**
   * How a supported listener is served.
   *
   * @param protocol the socket protocol
   * @param type what the listener's virtual host does
   * @param routeKinds the route kinds it accepts
   */
  record Support(ListenerProtocol protocol, VirtualHostType type, List<RouteGroupKind> routeKinds) {
    boolean terminatesTls() {
      return type == VirtualHostType.HTTPS || type == VirtualHostType.TLS_TERMINATE;
    }
  }

  static final String TERMINATE = "Terminate";
  static final String PASSTHROUGH = "Passthrough";

  /** The protocols the Gateway API defines; two of them on one port are compared for conflicts. */
  private static final Set<String> KNOWN = Set.of("HTTP", "HTTPS", "TLS", "TCP", "UDP");

  private static final List<RouteGroupKind> HTTP_KINDS =
      List.of(kind("HTTPRoute"), kind("GRPCRoute"));

  private ListenerProtocols() {}

  /** How {@code spec} is served, or empty for an unknown protocol or an invalid TLS mode. */
  static Optional<Support> support(Listener spec) {
    String protocol = spec.getProtocol() == null ? "" : spec.getProtocol();
    return switch (protocol) {
      case "HTTP" ->
          Optional.of(new Support(ListenerProtocol.HTTP, VirtualHostType.HTTP, HTTP_KINDS));
      case "HTTPS" ->
          mode(spec).equals(TERMINATE)
              ? Optional.of(new Support(ListenerProtocol.TLS, VirtualHostType.HTTPS, HTTP_KINDS))
              : Optional.empty();
      case "TLS" -> tls(mode(spec));
      case "TCP" ->
          Optional.of(
              new Support(ListenerProtocol.TCP, VirtualHostType.TCP, List.of(kind("TCPRoute"))));
      case "UDP" ->
          Optional.of(
              new Support(ListenerProtocol.UDP, VirtualHostType.UDP, List.of(kind("UDPRoute"))));
      default -> Optional.empty();
    };
  }

  private static Optional<Support> tls(String mode) {
    List<RouteGroupKind> kinds = List.of(kind("TLSRoute"));
    return switch (mode) {
      case TERMINATE ->
          Optional.of(new Support(ListenerProtocol.TLS, VirtualHostType.TLS_TERMINATE, kinds));
      case PASSTHROUGH ->
          Optional.of(new Support(ListenerProtocol.TLS, VirtualHostType.TLS_PASSTHROUGH, kinds));
      default -> Optional.empty();
    };
  }

  /** The listener's {@code tls.mode}, {@code Terminate} when unset. */
  static String mode(Listener spec) {
    return spec.getTls() == null || spec.getTls().getMode() == null
        ? TERMINATE
        : spec.getTls().getMode();
  }

  static boolean isKnown(String protocol) {
    return KNOWN.contains(protocol);
  }

  /** The socket protocol a Gateway API protocol needs; listeners on one port must agree on it. */
  static String socket(String protocol) {
    return switch (protocol) {
      case "HTTPS", "TLS" -> "TLS";
      default -> protocol;
    };
  }

  /** Whether listeners of this protocol are told apart by hostname (or SNI) on a shared port. */
  static boolean usesHostnames(String protocol) {
    return "HTTP".equals(protocol) || "HTTPS".equals(protocol) || "TLS".equals(protocol);
  }

  static RouteGroupKind kind(String kind) {
    return new RouteGroupKindBuilder().withGroup(Translator.GATEWAY_GROUP).withKind(kind).build();
  }
}
