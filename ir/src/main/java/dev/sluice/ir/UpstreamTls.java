package dev.sluice.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS towards a backend, from a BackendTLSPolicy (and the Gateway's backend client certificate).
 *
 * @param serverName the SNI to send, and the name the certificate must carry unless {@code
 *     subjectAltNames} is given
 * @param caCertificatesPem CA certificates to trust; empty means the system trust store
 * @param subjectAltNames when not empty, the server certificate must carry one of these instead of
 *     {@code serverName}
 * @param clientCertificate the certificate the gateway presents, if any
 */
public record UpstreamTls(
    String serverName,
    List<String> caCertificatesPem,
    List<SubjectAltName> subjectAltNames,
    Optional<CertificateKeyPair> clientCertificate) {

  public UpstreamTls {
    Objects.requireNonNull(serverName, "serverName");
    caCertificatesPem = List.copyOf(caCertificatesPem);
    subjectAltNames = List.copyOf(subjectAltNames);
    Objects.requireNonNull(clientCertificate, "clientCertificate");
  }

  /** A subject alternative name a backend certificate may carry. */
  public record SubjectAltName(Type type, String value) {

    /** The kind of name. */
    public enum Type {
      /** A DNS name (wildcards allowed in the certificate, as usual). */
      HOSTNAME,
      /** A URI, such as a SPIFFE ID {@code spiffe://trust.domain/ns/x/sa/y}. */
      URI
    }

    public SubjectAltName {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
    }
  }
}
