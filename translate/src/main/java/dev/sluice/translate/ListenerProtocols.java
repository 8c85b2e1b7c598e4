package dev.sluice.translate;

import dev.sluice.ir.ListenerProtocol;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKindBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which Gateway listener protocols Sluice serves, and which route kinds each accepts. Adding a
 * protocol means adding one entry to {@link #SUPPORTED}. Stateless.
 */
final class ListenerProtocols {

  /** How a supported protocol is served: the IR protocol and the route kinds it attaches. */
  record Support(ListenerProtocol protocol, List<RouteGroupKind> routeKinds) {}

  /** The protocols the Gateway API defines; two of them on one port are compared for conflicts. */
  private static final Set<String> KNOWN = Set.of("HTTP", "HTTPS", "TLS", "TCP", "UDP");

  private static final Map<String, Support> SUPPORTED =
      Map.of("HTTP", new Support(ListenerProtocol.HTTP, List.of(kind("HTTPRoute"))));

  private ListenerProtocols() {}

  static Optional<Support> support(String protocol) {
    return Optional.ofNullable(protocol == null ? null : SUPPORTED.get(protocol));
  }

  static boolean isKnown(String protocol) {
    return KNOWN.contains(protocol);
  }

  /** Listeners whose protocols share a transport compete for the same socket. */
  static String transport(String protocol) {
    return "UDP".equals(protocol) ? "udp" : "tcp";
  }

  /** Whether listeners of this protocol are told apart by hostname on a shared port. */
  static boolean usesHostnames(String protocol) {
    return "HTTP".equals(protocol) || "HTTPS".equals(protocol) || "TLS".equals(protocol);
  }

  static RouteGroupKind kind(String kind) {
    return new RouteGroupKindBuilder().withGroup(Translator.GATEWAY_GROUP).withKind(kind).build();
  }
}
