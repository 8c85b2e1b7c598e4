package dev.sluice.testing;

import dev.sluice.echo.EchoOptions;
import dev.sluice.echo.EchoServer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real echo backend on an ephemeral loopback port, plus the Service and EndpointSlice YAML that
 * point a Service at it.
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

  /** Starts an echo backend reporting pod {@code <service>-<hash>-<hash>}. */
  public static EchoBackend start(String service, String namespace) throws InterruptedException {
    String pod = service + "-5d8f7c9b4-" + Integer.toHexString(service.hashCode() & 0xfffff);
    ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    EchoServer server =
        EchoServer.start(
            new EchoOptions("127.0.0.1", 0, pod, namespace, service),
            (uri, client) -> requests.add(uri));
    return new EchoBackend(service, namespace, server, requests);
  }

  /** The request targets this backend has answered, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public static EchoBackend start(String service) throws InterruptedException {
    return start(service, "default");
  }

  public int port() {
    return server.address().getPort();
  }

  /**
   * A Service with port 8080 (named {@code http}) and an EndpointSlice pointing at this backend.
   */
  public String yaml() {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %1$s
          namespace: %2$s
        spec:
          ports:
            - name: http
              port: 8080
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: %1$s
          namespace: %2$s
          labels:
            kubernetes.io/service-name: %1$s
        addressType: IPv4
        ports:
          - name: http
            port: %3$d
        endpoints:
          - addresses: ["127.0.0.1"]
        """
        .formatted(service, namespace, port());
  }

  @Override
  public void close() {
    server.close();
  }
}
