package dev.sluice.echo;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to start an {@link EchoServer}. Immutable. Every port is 0..65535, 0 binding an ephemeral
 * port; optional listeners are bound only when their port is present.
 *
 * @param host the address to bind, an IP literal or host name ({@code 127.0.0.1}, {@code 0.0.0.0})
 * @param port the HTTP port: HTTP/1.1, cleartext HTTP/2 (prior knowledge and {@code Upgrade: h2c})
 *     and gRPC over cleartext HTTP/2
 * @param pod reported as {@code pod} (the conformance suite picks the backend by its prefix)
 * @param namespace reported as {@code namespace}
 * @param service reported as {@code service}
 * @param tls the certificate of the TLS listeners; required when {@code tlsPort} or {@code
 *     tcpTlsPort} is present
 * @param tlsPort the HTTPS port: HTTP/1.1 and HTTP/2 (ALPN), gRPC over TLS; echoes add {@code tls}
 * @param h2cPort a strict cleartext HTTP/2 port, like the conformance server's {@code H2C_PORT}:
 *     HTTP/1.1 requests without {@code Upgrade: h2c} get 400 {@code Expected h2c request}
 * @param tcpPort the TCP echo protocol (welcome line, {@code PING}, {@code IS_TLS}, {@code TEST})
 * @param tcpTlsPort the same TCP echo protocol inside TLS (TLS 1.2+, no ALPN)
 * @param udpPort a UDP echo: every datagram goes back to its sender unchanged
 */
public record EchoOptions(
    String host,
    int port,
    String pod,
    String namespace,
    String service,
    Optional<TlsCredentials> tls,
    OptionalInt tlsPort,
    OptionalInt h2cPort,
    OptionalInt tcpPort,
    OptionalInt tcpTlsPort,
    OptionalInt udpPort) {

  public EchoOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(tls, "tls");
    checkPort("port", port);
    checkPort("tlsPort", tlsPort);
    checkPort("h2cPort", h2cPort);
    checkPort("tcpPort", tcpPort);
    checkPort("tcpTlsPort", tcpTlsPort);
    checkPort("udpPort", udpPort);
    if ((tlsPort.isPresent() || tcpTlsPort.isPresent()) && tls.isEmpty()) {
      throw new IllegalArgumentException(
          "tls: absent (expected: credentials, since tlsPort or tcpTlsPort is set)");
    }
  }

  /** An HTTP-only server (HTTP/1.1, h2c and gRPC on {@code port}). */
  public EchoOptions(String host, int port, String pod, String namespace, String service) {
    this(
        host,
        port,
        pod,
        namespace,
        service,
        Optional.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty());
  }

  /** Options for a loopback server on an ephemeral port with the given identity. */
  public static EchoOptions loopback(String pod, String namespace, String service) {
    return new EchoOptions("127.0.0.1", 0, pod, namespace, service);
  }

  /** A builder starting from a loopback HTTP server on an ephemeral port. */
  public static Builder builder(String pod, String namespace, String service) {
    return new Builder(pod, namespace, service);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + ": " + port + " (expected: 0..65535)");
    }
  }

  private static void checkPort(String name, OptionalInt port) {
    Objects.requireNonNull(port, name);
    port.ifPresent(value -> checkPort(name, value));
  }

  /** Collects options; not thread-safe. {@link #build()} validates. */
  public static final class Builder {
    private final String pod;
    private final String namespace;
    private final String service;
    private String host = "127.0.0.1";
    private int port;
    private Optional<TlsCredentials> tls = Optional.empty();
    private OptionalInt tlsPort = OptionalInt.empty();
    private OptionalInt h2cPort = OptionalInt.empty();
    private OptionalInt tcpPort = OptionalInt.empty();
    private OptionalInt tcpTlsPort = OptionalInt.empty();
    private OptionalInt udpPort = OptionalInt.empty();

    private Builder(String pod, String namespace, String service) {
      this.pod = pod;
      this.namespace = namespace;
      this.service = service;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder tls(TlsCredentials tls) {
      this.tls = Optional.of(tls);
      return this;
    }

    public Builder tlsPort(int port) {
      this.tlsPort = OptionalInt.of(port);
      return this;
    }

    public Builder h2cPort(int port) {
      this.h2cPort = OptionalInt.of(port);
      return this;
    }

    public Builder tcpPort(int port) {
      this.tcpPort = OptionalInt.of(port);
      return this;
    }

    public Builder tcpTlsPort(int port) {
      this.tcpTlsPort = OptionalInt.of(port);
      return this;
    }

    public Builder udpPort(int port) {
      this.udpPort = OptionalInt.of(port);
      return this;
    }

    public EchoOptions build() {
      return new EchoOptions(
          host, port, pod, namespace, service, tls, tlsPort, h2cPort, tcpPort, tcpTlsPort, udpPort);
    }
  }
}
