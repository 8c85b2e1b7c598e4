package dev.sluice.conformance.checks;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * One connection of a TCP or TLS route test and what the TCP echo must answer (the suite's {@code
 * tcp.ExpectedResponse}, §5.9): plain or TLS (SNI, trusted CA), whether the backend sees TLS, the
 * backend, namespace and the SNI the backend saw.
 *
 * <p>A fluent builder: configure it on one thread, then share it read-only.
 */
public final class TcpCase {

  final int port;
  Optional<String> sni = Optional.empty();
  Optional<X509Certificate> trust = Optional.empty();
  boolean backendTls;
  String backend = "";
  String namespace = "";
  Optional<String> backendSni = Optional.empty();

  private TcpCase(int port) {
    this.port = port;
  }

  public static TcpCase port(int port) {
    return new TcpCase(port);
  }

  /** Connects with TLS, sending {@code serverName} and trusting {@code ca}. */
  public TcpCase tls(String serverName, X509Certificate ca) {
    sni = Optional.of(serverName);
    trust = Optional.of(ca);
    return this;
  }

  /** The backend must answer {@code IS_TLS} with {@code value}. */
  public TcpCase backendTls(boolean value) {
    backendTls = value;
    return this;
  }

  /** The pod must start with {@code prefix-}; the namespace must be {@code ns}. */
  public TcpCase backend(String prefix, String ns) {
    backend = prefix;
    namespace = ns;
    return this;
  }

  public TcpCase backendSni(String value) {
    backendSni = Optional.of(value);
    return this;
  }

  @Override
  public String toString() {
    return (sni.isPresent() ? "tls://" + sni.get() : "tcp://") + ":" + port + " → " + backend;
  }
}
