package dev.sluice.testing;

import dev.sluice.echo.EchoOptions;
import dev.sluice.echo.EchoServer;
import dev.sluice.echo.TlsCredentials;
import dev.sluice.identity.IssuedCertificate;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real echo backend on ephemeral loopback ports, plus the Service and EndpointSlice YAML that
 * point a Service at it.
 *
 * <p>The Service has port {@code 8080} named {@code http} (HTTP/1.1, h2c and gRPC on the echo's
 * HTTP port) and, when started with {@link #startAllProtocols}, {@code 8443} {@code https} (TLS),
 * {@code 8081} {@code grpc} (the HTTP port again, with {@code appProtocol: kubernetes.io/h2c}),
 * {@code 9000} {@code tcp} and {@code 9001} {@code udp} (protocol UDP).
 *
 * <p>Thread-safe; close it after the test.
 */
public final class EchoBackend implements AutoCloseable {

  private final String service;
  private final String namespace;
  private final EchoServer server;
  private final ConcurrentLinkedQueue<String> requests;

  private EchoBackend(
      String service, String namespace, EchoServer server, ConcurrentLinkedQueue<String> requests) {
    this.service = service;
    this.namespace = namespace;
    this.server = server;
    this.requests = requests;
  }

  /** Starts an HTTP echo backend reporting pod {@code <service>-<hash>-<hash>}. */
  public static EchoBackend start(String service, String namespace) throws InterruptedException {
    return start(service, namespace, builder(service, namespace));
  }

  public static EchoBackend start(String service) throws InterruptedException {
    return start(service, "default");
  }

  /** Starts an echo backend that also serves TLS (with {@code certificate}), TCP and UDP. */
  public static EchoBackend startAllProtocols(String service, IssuedCertificate certificate)
      throws InterruptedException {
    EchoOptions.Builder options =
        builder(service, "default")
            .tls(new TlsCredentials(certificate.chainPem(), certificate.privateKeyPem()))
            .tlsPort(0)
            .tcpPort(0)
            .udpPort(0);
    return start(service, "default", options);
  }

  private static EchoOptions.Builder builder(String service, String namespace) {
    String pod = service + "-5d8f7c9b4-" + Integer.toHexString(service.hashCode() & 0xfffff);
    return EchoOptions.builder(pod, namespace, service).host("127.0.0.1").port(0);
  }

  private static EchoBackend start(String service, String namespace, EchoOptions.Builder options)
      throws InterruptedException {
    ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    EchoServer server = EchoServer.start(options.build(), (uri, client) -> requests.add(uri));
    return new EchoBackend(service, namespace, server, requests);
  }

  /** The request targets this backend has answered, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public int port() {
    return server.address().getPort();
  }

  /** The Service and EndpointSlice for every protocol this backend serves. */
  public String yaml() {
    StringBuilder servicePorts = new StringBuilder(port("http", 8080, "TCP", ""));
    StringBuilder slicePorts = new StringBuilder(slicePort("http", port(), "TCP", ""));
    servicePorts.append(port("grpc", 8081, "TCP", "kubernetes.io/h2c"));
    slicePorts.append(slicePort("grpc", port(), "TCP", "kubernetes.io/h2c"));
    server
        .tlsAddress()
        .ifPresent(
            a -> {
              servicePorts.append(port("https", 8443, "TCP", ""));
              slicePorts.append(slicePort("https", a.getPort(), "TCP", ""));
            });
    server
        .tcpAddress()
        .ifPresent(
            a -> {
              servicePorts.append(port("tcp", 9000, "TCP", ""));
              slicePorts.append(slicePort("tcp", a.getPort(), "TCP", ""));
            });
    server
        .udpAddress()
        .ifPresent(
            a -> {
              servicePorts.append(port("udp", 9001, "UDP", ""));
              slicePorts.append(slicePort("udp", a.getPort(), "UDP", ""));
            });
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %1$s
          namespace: %2$s
        spec:
          ports:
        %3$s---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: %1$s
          namespace: %2$s
          labels:
            kubernetes.io/service-name: %1$s
        addressType: IPv4
        ports:
        %4$sendpoints:
          - addresses: ["127.0.0.1"]
        """
        .formatted(service, namespace, servicePorts, slicePorts);
  }

  private static String port(String name, int port, String protocol, String appProtocol) {
    return "    - {name: %s, port: %d, protocol: %s%s}\n"
        .formatted(name, port, protocol, appProtocol(appProtocol));
  }

  private static String slicePort(String name, int port, String protocol, String appProtocol) {
    return "  - {name: %s, port: %d, protocol: %s%s}\n"
        .formatted(name, port, protocol, appProtocol(appProtocol));
  }

  private static String appProtocol(String appProtocol) {
    return appProtocol.isEmpty() ? "" : ", appProtocol: " + appProtocol;
  }

  @Override
  public void close() {
    server.close();
  }
}
