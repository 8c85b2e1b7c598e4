package dev.sluice.ir;

import java.util.Objects;

/**
 * A certificate chain and its private key, in PEM, from a {@code kubernetes.io/tls} Secret.
 *
 * @param name where it came from, {@code namespace/secret}, for logs and the admin API
 * @param certificateChainPem the leaf certificate first, then intermediates
 * @param privateKey the key (PKCS#8 or PKCS#1 PEM); never printed
 */
public record CertificateKeyPair(
    String name, String certificateChainPem, PrivateKeyPem privateKey) {

  public CertificateKeyPair {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    Objects.requireNonNull(privateKey, "privateKey");
  }
}
