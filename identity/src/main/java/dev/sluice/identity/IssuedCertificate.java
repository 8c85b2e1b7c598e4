package dev.sluice.identity;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate with its private key and the chain up to (not including) the root.
 *
 * <p>Immutable.
 *
 * @param certificate the leaf
 * @param key its private key
 * @param chain the leaf first, then intermediates
 */
public record IssuedCertificate(
    X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {

  public IssuedCertificate {
    chain = List.copyOf(chain);
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  public String chainPem() {
    return Pem.certificates(chain);
  }

  public String privateKeyPem() {
    return Pem.privateKey(key);
  }
}
