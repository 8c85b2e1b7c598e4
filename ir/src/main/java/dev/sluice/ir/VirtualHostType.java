package dev.sluice.ir;

/** What a virtual host does with the connections or requests given to it. */
public enum VirtualHostType {
  /**
   * Cleartext HTTP routes ({@link VirtualHost#routes()}) on an {@link ListenerProtocol#HTTP}
   * socket.
   */
  HTTP,
  /** TLS terminated with {@link VirtualHost#tls()}, then HTTP/1.1 or HTTP/2 (ALPN) routes. */
  HTTPS,
  /** TLS chosen by SNI and passed through untouched to {@link VirtualHost#streamRoutes()}. */
  TLS_PASSTHROUGH,
  /**
   * TLS terminated with {@link VirtualHost#tls()}, then the bytes go to a stream route's backend.
   */
  TLS_TERMINATE,
  /** Raw TCP to {@link VirtualHost#streamRoutes()}. */
  TCP,
  /** UDP datagrams to {@link VirtualHost#streamRoutes()}. */
  UDP
}
