package dev.sluice.conformance.harness;

import dev.sluice.echo.TlsCredentials;
import dev.sluice.identity.IssuedCertificate;
import java.util.List;
import java.util.Optional;

/**
 * Names of the shared conformance setup and the backend Deployments it runs (conformance notes
 * §3.1). Stateless.
 */
public final class BaseConfig {

  public static final String INFRA = "gateway-conformance-infra";
  public static final String APP_BACKEND = "gateway-conformance-app-backend";
  public static final String WEB_BACKEND = "gateway-conformance-web-backend";
  public static final String GATEWAY_CLASS = "gateway-conformance";
  public static final String CONTROLLER = "sluice.dev/gateway-controller";

  private BaseConfig() {}

  /** Every backend Deployment of the base manifests, with its replicas and mode. */
  public static List<PodSpec> deployments(TestCertificates certificates) {
    TlsCredentials checks = credentials(certificates.checksCertificate());
    TlsCredentials passthrough = credentials(certificates.passthroughCertificate());
    TlsCredentials clientValidating =
        new TlsCredentials(
            checks.certificateChainPem(),
            checks.privateKeyPem(),
            Optional.of(certificates.checksCa().rootCertificatePem()));
    return List.of(
        PodSpec.http("infra-backend-v1", INFRA, 2),
        PodSpec.http("infra-backend-v2", INFRA, 2),
        PodSpec.http("infra-backend-v3", INFRA, 1),
        PodSpec.https("tls-backend", INFRA, checks),
        PodSpec.https("tls-backend-2", INFRA, checks),
        PodSpec.https("tls-backend-with-client-cert-validation", INFRA, clientValidating),
        PodSpec.https("tls-backend", APP_BACKEND, passthrough),
        PodSpec.http("app-backend-v1", APP_BACKEND, 2),
        PodSpec.http("app-backend-v2", APP_BACKEND, 2),
        PodSpec.http("web-backend", WEB_BACKEND, 2),
        new PodSpec("grpc-infra-backend-v1", INFRA, 2, PodSpec.Mode.HTTP, Optional.of(checks)),
        PodSpec.http("grpc-infra-backend-v2", INFRA, 2),
        PodSpec.http("grpc-infra-backend-v3", INFRA, 2),
        new PodSpec("tcp-backend", INFRA, 2, PodSpec.Mode.TCP, Optional.of(passthrough)),
        // Deployments that upstream's TCPRoute manifests bring along; the harness runs them always.
        PodSpec.tcp("tcp-backend-v1", INFRA),
        PodSpec.tcp("tcp-backend-v2", INFRA),
        PodSpec.tcp("tcp-backend-v3", INFRA),
        PodSpec.tcp("tcp-attach-backend-1", INFRA),
        PodSpec.tcp("tcp-attach-backend-2", INFRA),
        PodSpec.tcp("tcp-echo-attach-all", INFRA),
        PodSpec.tcp("tcp-echo-one", INFRA),
        PodSpec.tcp("tcp-echo-two", INFRA),
        PodSpec.tcp("tcp-echo-three", INFRA),
        PodSpec.tcp("tcp-reference-grant-backend", WEB_BACKEND),
        // The base coredns Deployment (label app: udp) and the UDPRoute manifests' echo pods.
        new PodSpec("udp", INFRA, 1, PodSpec.Mode.DNS, Optional.empty()),
        PodSpec.udp("udp-backend-v1", INFRA),
        PodSpec.udp("udp-backend-v2", INFRA),
        PodSpec.udp("udp-backend-v3", INFRA),
        PodSpec.udp("udp-attach-backend-1", INFRA),
        PodSpec.udp("udp-attach-backend-2", INFRA),
        PodSpec.udp("udp-echo-attach-all", INFRA),
        PodSpec.udp("udp-echo-by-port", INFRA),
        PodSpec.udp("udp-echo-by-section", INFRA),
        PodSpec.udp("udp-echo-by-section-and-port", INFRA),
        PodSpec.udp("udp-echo-reference-grant", APP_BACKEND));
  }

  private static TlsCredentials credentials(IssuedCertificate certificate) {
    return new TlsCredentials(certificate.chainPem(), certificate.privateKeyPem());
  }
}
