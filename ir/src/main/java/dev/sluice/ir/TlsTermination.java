package dev.sluice.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a virtual host terminates TLS.
 *
 * @param certificates the certificate chains and keys to offer; when several, the data plane picks
 *     by key type (RSA / ECDSA) as the client supports; never empty
 * @param clientValidation how client certificates are requested and checked, if at all
 */
public record TlsTermination(
    List<CertificateKeyPair> certificates, Optional<ClientValidation> clientValidation) {

  public TlsTermination {
    certificates = List.copyOf(certificates);
    Objects.requireNonNull(clientValidation, "clientValidation");
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("certificates: empty (expected: at least one)");
    }
  }
}
