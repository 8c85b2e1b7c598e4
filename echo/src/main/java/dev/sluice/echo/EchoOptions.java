package dev.sluice.echo;

import java.util.Objects;

/**
 * How to start an {@link EchoServer}. Immutable.
 *
 * @param host the address to bind, an IP literal or host name ({@code 127.0.0.1}, {@code 0.0.0.0})
 * @param port the TCP port, 0..65535; 0 binds an ephemeral port
 * @param pod reported as {@code pod} (the conformance suite picks the backend by its prefix)
 * @param namespace reported as {@code namespace}
 * @param service reported as {@code service}
 */
public record EchoOptions(String host, int port, String pod, String namespace, String service) {

  public EchoOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /** Options for a loopback server on an ephemeral port with the given identity. */
  public static EchoOptions loopback(String pod, String namespace, String service) {
    return new EchoOptions("127.0.0.1", 0, pod, namespace, service);
  }
}
