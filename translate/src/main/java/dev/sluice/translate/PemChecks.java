package dev.sluice.translate;

import dev.sluice.identity.Pem;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Checks that PEM text holds what a TLS configuration needs, so that an unusable certificate is
 * reported on the object's status instead of failing in the data plane. Stateless.
 */
final class PemChecks {

  private PemChecks() {}

  /** Why {@code pem} is not a bundle of X.509 certificates, or empty when it is. */
  static Optional<String> certificatesProblem(String pem) {
    try {
      Pem.parseCertificates(pem);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Why {@code pem} is not an unencrypted private key (PKCS#8, PKCS#1 RSA or SEC1 EC), or empty
   * when it is.
   */
  static Optional<String> privateKeyProblem(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PEMKeyPair pair) {
        converter.getPrivateKey(pair.getPrivateKeyInfo());
      } else if (object instanceof PrivateKeyInfo info) {
        converter.getPrivateKey(info);
      } else {
        return Optional.of(
            "no private key found (expected: an unencrypted PEM PRIVATE KEY, RSA PRIVATE KEY or EC"
                + " PRIVATE KEY block)");
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("invalid private key PEM: " + e.getMessage());
    }
  }
}
