package dev.sluice.echo;

import java.util.Objects;
import java.util.Optional;

/**
 * The identity of the echo server's TLS listeners, as PEM text. Immutable.
 *
 * @param certificateChainPem the server certificate first, then any intermediates
 * @param privateKeyPem its private key (PKCS#8 {@code BEGIN PRIVATE KEY}, or PKCS#1/SEC1)
 * @param clientCaPem when present, client certificates are requested and verified against these CA
 *     certificates <em>if the client sends one</em>; clients without a certificate are still
 *     served, as the conformance echo server does with {@code TLS_CLIENT_CACERTS}
 */
public record TlsCredentials(
    String certificateChainPem, String privateKeyPem, Optional<String> clientCaPem) {

  public TlsCredentials {
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    Objects.requireNonNull(clientCaPem, "clientCaPem");
    if (!certificateChainPem.contains("-----BEGIN")) {
      throw new IllegalArgumentException(
          "certificateChainPem: no PEM block (expected: -----BEGIN CERTIFICATE-----...)");
    }
    if (!privateKeyPem.contains("-----BEGIN")) {
      throw new IllegalArgumentException(
          "privateKeyPem: no PEM block (expected: -----BEGIN PRIVATE KEY-----...)");
    }
  }

  /** Credentials that do not ask clients for certificates. */
  public TlsCredentials(String certificateChainPem, String privateKeyPem) {
    this(certificateChainPem, privateKeyPem, Optional.empty());
  }

  /** Leaves the private key out, so that logging options does not leak it. */
  @Override
  public String toString() {
    return "TlsCredentials[certificateChainPem="
        + certificateChainPem.length()
        + " chars, privateKeyPem=<redacted>, clientCaPem="
        + clientCaPem.map(pem -> pem.length() + " chars").orElse("none")
        + "]";
  }
}
