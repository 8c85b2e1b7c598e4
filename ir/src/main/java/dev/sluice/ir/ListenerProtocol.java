package dev.sluice.ir;

/** What a bound socket speaks. */
public enum ListenerProtocol {
  /** Cleartext HTTP: HTTP/1.1, and HTTP/2 by prior knowledge or {@code Upgrade: h2c}. */
  HTTP,
  /**
   * TLS, dispatched by SNI to virtual hosts that terminate it (HTTPS, or a TLSRoute in {@code
   * Terminate} mode) or pass it through untouched.
   */
  TLS,
  /** Raw TCP, proxied to a weighted backend. */
  TCP,
  /** UDP datagrams, proxied to a weighted backend. */
  UDP
}
