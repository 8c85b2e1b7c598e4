package dev.sluice.conformance.harness;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;

/**
 * The certificates the upstream suite creates in its setup rather than in YAML (conformance notes
 * §3.2), generated fresh for each run. Upstream uses RSA and some self-signed leaves; here every
 * leaf is issued by a CA (ECDSA P-256) and clients trust that CA, which checks the same things.
 *
 * <p>Immutable.
 *
 * @param validityCa issues {@code tls-validity-checks-certificate}, the base HTTPS listener cert
 * @param validityCertificate {@code *.org}, {@code *.wildcard.org}
 * @param clientCa {@code tls-validity-checks-ca-certificate}
 * @param clientCertificate {@code tls-validity-checks-client-certificate}
 * @param perPortClientCa {@code tls-validity-checks-per-port-ca-certificate}
 * @param perPortClientCertificate {@code tls-validity-checks-per-port-client-certificate}
 * @param checksCa {@code tls-checks-ca-certificate} ("C")
 * @param checksCertificate abc.example.com, spiffe://abc.example.com/test-identity,
 *     other.example.com
 * @param checksClientCertificate {@code tls-checks-client-certificate}
 * @param passthroughCertificate abc.example.com
 * @param terminateCertificate tls.example.com
 * @param mismatchCa an unrelated CA
 * @param referenceGrantCertificate the Secret {@code certificate} in the web-backend namespace
 * @param webBackendCa the ConfigMap {@code web-backend-cm}
 */
public record TestCertificates(
    CertificateAuthority validityCa,
    IssuedCertificate validityCertificate,
    CertificateAuthority clientCa,
    IssuedCertificate clientCertificate,
    CertificateAuthority perPortClientCa,
    IssuedCertificate perPortClientCertificate,
    CertificateAuthority checksCa,
    IssuedCertificate checksCertificate,
    IssuedCertificate checksClientCertificate,
    IssuedCertificate passthroughCertificate,
    IssuedCertificate terminateCertificate,
    CertificateAuthority mismatchCa,
    IssuedCertificate referenceGrantCertificate,
    CertificateAuthority webBackendCa) {

  /** Generates every certificate. */
  public static TestCertificates generate() {
    CertificateAuthority validity = CertificateAuthority.create("gatewayapi validity");
    CertificateAuthority client = CertificateAuthority.create("gatewayapi client");
    CertificateAuthority perPort = CertificateAuthority.create("gatewayapi per-port");
    CertificateAuthority checks = CertificateAuthority.create("gatewayapi checks");
    CertificateAuthority web = CertificateAuthority.create("gatewayapi web-backend");
    return new TestCertificates(
        validity,
        validity.issueServer("*.org", "*.wildcard.org"),
        client,
        client.issueClient("default"),
        perPort,
        perPort.issueClient("default"),
        checks,
        checks.issueServer(
            "abc.example.com", "spiffe://abc.example.com/test-identity", "other.example.com"),
        checks.issueClient("default"),
        checks.issueServer("abc.example.com"),
        checks.issueServer("tls.example.com"),
        CertificateAuthority.create("gatewayapi mismatch"),
        web.issueServer("*"),
        web);
  }

  /** The Secrets and ConfigMaps as YAML, in the namespaces upstream creates them in. */
  public String yaml() {
    String infra = BaseConfig.INFRA;
    return String.join(
        "",
        secret("certificate", BaseConfig.WEB_BACKEND, referenceGrantCertificate),
        secret("tls-validity-checks-certificate", infra, validityCertificate),
        configMap("web-backend-cm", BaseConfig.WEB_BACKEND, webBackendCa),
        configMap("tls-validity-checks-ca-certificate", infra, clientCa),
        secret("tls-validity-checks-client-certificate", infra, clientCertificate),
        configMap("tls-validity-checks-per-port-ca-certificate", infra, perPortClientCa),
        secret("tls-validity-checks-per-port-client-certificate", infra, perPortClientCertificate),
        configMap("tls-checks-ca-certificate", infra, checksCa),
        secret("tls-checks-certificate", infra, checksCertificate),
        secret("tls-checks-client-certificate", infra, checksClientCertificate),
        secret("tls-passthrough-checks-certificate", infra, passthroughCertificate),
        secret(
            "tls-passthrough-checks-certificate", BaseConfig.APP_BACKEND, passthroughCertificate),
        secret("tls-terminate-checks-certificate", infra, terminateCertificate),
        configMap("mismatch-ca-certificate", infra, mismatchCa));
  }

  private static String secret(String name, String namespace, IssuedCertificate certificate) {
    return """
        ---
        apiVersion: v1
        kind: Secret
        type: kubernetes.io/tls
        metadata: {name: %s, namespace: %s}
        stringData:
          tls.crt: |
        %s  tls.key: |
        %s"""
        .formatted(
            name,
            namespace,
            indent(certificate.chainPem(), 4),
            indent(certificate.privateKeyPem(), 4));
  }

  private static String configMap(String name, String namespace, CertificateAuthority ca) {
    return """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s}
        data:
          ca.crt: |
        %s"""
        .formatted(name, namespace, indent(ca.rootCertificatePem(), 4));
  }

  static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    StringBuilder out = new StringBuilder();
    for (String line : text.strip().split("\n")) {
      out.append(pad).append(line).append('\n');
    }
    return out.toString();
  }
}
