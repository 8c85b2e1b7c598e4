package dev.sluice.ir;

/** How the data plane talks to a backend, from the Service port's {@code appProtocol}. */
public enum UpstreamProtocol {
  /** HTTP/1.1 (the default). */
  HTTP1,
  /** HTTP/2 over cleartext, prior knowledge ({@code kubernetes.io/h2c}); multiplexed. */
  H2C,
  /** HTTP/1.1 whose WebSocket upgrades are expected ({@code kubernetes.io/ws}). */
  WEBSOCKET,
  /** WebSocket over TLS ({@code kubernetes.io/wss}); needs {@link UpstreamTls}. */
  WEBSOCKET_TLS
}
