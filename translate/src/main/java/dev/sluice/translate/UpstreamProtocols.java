package dev.sluice.translate;

import dev.sluice.ir.UpstreamProtocol;

/**
 * The protocol to speak to a backend, from its Service port's {@code appProtocol} (GEP-1911).
 * Values Sluice does not know, and none, mean HTTP/1.1. Stateless.
 */
final class UpstreamProtocols {

  static final String H2C = "kubernetes.io/h2c";
  static final String WS = "kubernetes.io/ws";
  static final String WSS = "kubernetes.io/wss";

  private UpstreamProtocols() {}

  /**
   * The upstream protocol for a backend of {@code routeKind}. gRPC needs HTTP/2, so GRPCRoute
   * backends always use {@link UpstreamProtocol#H2C} (HTTP/2 over TLS when a BackendTLSPolicy
   * applies).
   */
  static UpstreamProtocol of(String routeKind, String appProtocol) {
    if (GRPCRouteProcessor.KIND.equals(routeKind)) {
      return UpstreamProtocol.H2C;
    }
    if (appProtocol == null) {
      return UpstreamProtocol.HTTP1;
    }
    return switch (appProtocol) {
      case H2C -> UpstreamProtocol.H2C;
      case WS -> UpstreamProtocol.WEBSOCKET;
      case WSS -> UpstreamProtocol.WEBSOCKET_TLS;
      default -> UpstreamProtocol.HTTP1;
    };
  }
}
