package dev.sluice.conformance.harness;

import dev.sluice.echo.TlsCredentials;
import java.util.Optional;

/**
 * What a conformance backend Deployment runs, in echo-basic terms.
 *
 * @param app the Deployment / {@code app} label (and Service) name
 * @param namespace where it runs
 * @param replicas how many pods
 * @param mode which echo-basic mode the pods run
 * @param tls the certificate of the TLS port (8443), if the pods serve one
 */
public record PodSpec(
    String app, String namespace, int replicas, Mode mode, Optional<TlsCredentials> tls) {

  /**
   * echo-basic's modes: HTTP (with h2c on 3001; gRPC is served on HTTP/2 too), TCP, UDP (the JSON
   * envelope on 8080), and DNS for the base {@code coredns} Deployment (port 53).
   */
  public enum Mode {
    HTTP,
    TCP,
    UDP,
    DNS
  }

  public static PodSpec http(String app, String namespace, int replicas) {
    return new PodSpec(app, namespace, replicas, Mode.HTTP, Optional.empty());
  }

  /** One plain TCP echo pod (port 3000). */
  public static PodSpec tcp(String app, String namespace) {
    return new PodSpec(app, namespace, 1, Mode.TCP, Optional.empty());
  }

  /** One echo-basic UDP pod (port 8080). */
  public static PodSpec udp(String app, String namespace) {
    return new PodSpec(app, namespace, 1, Mode.UDP, Optional.empty());
  }

  public static PodSpec https(String app, String namespace, TlsCredentials tls) {
    return new PodSpec(app, namespace, 1, Mode.HTTP, Optional.of(tls));
  }
}
