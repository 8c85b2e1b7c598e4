package dev.sluice.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a private key belongs to a certificate. The TLS providers only find out at the first
 * handshake (which then fails for every client); checking when the context is built lets a bad pair
 * fail the configuration change instead, so the previous certificate keeps serving. Stateless.
 */
final class MatchingKeys {

  private static final Set<String> EDWARDS = Set.of("EdDSA", "Ed25519", "Ed448");
  private static final byte[] PROBE = "sluice key pair check".getBytes(StandardCharsets.US_ASCII);

  private MatchingKeys() {}

  /**
   * @throws IllegalArgumentException when {@code key} is not the private key of {@code leaf}
   */
  static void require(PrivateKey key, X509Certificate leaf, String name) {
    PublicKey expected = leaf.getPublicKey();
    if (!family(key.getAlgorithm()).equals(family(expected.getAlgorithm()))) {
      throw new IllegalArgumentException(
          "key of "
              + name
              + " is "
              + key.getAlgorithm()
              + " but the certificate "
              + leaf.getSubjectX500Principal().getName()
              + " holds a "
              + expected.getAlgorithm()
              + " key (expected: the private key of the first certificate in the chain)");
    }
    if (key instanceof RSAKey rsa && expected instanceof RSAPublicKey cert) {
      // Same modulus means same key pair; cheaper than a signature and covers RSASSA-PSS too.
      if (!rsa.getModulus().equals(cert.getModulus())) {
        throw mismatch(name, leaf);
      }
      return;
    }
    Optional<String> algorithm = signatureAlgorithm(key);
    // Other key types are left to the TLS provider, which rejects what it cannot use.
    if (algorithm.isPresent() && !signatureVerifies(algorithm.get(), key, expected)) {
      throw mismatch(name, leaf);
    }
  }

  private static Optional<String> signatureAlgorithm(PrivateKey key) {
    String algorithm = key.getAlgorithm();
    if ("EC".equals(algorithm)) {
      return Optional.of("SHA256withECDSA");
    }
    return EDWARDS.contains(algorithm) ? Optional.of(algorithm) : Optional.empty();
  }

  private static String family(String algorithm) {
    if (EDWARDS.contains(algorithm)) {
      return "EdDSA";
    }
    return "RSASSA-PSS".equals(algorithm) ? "RSA" : algorithm;
  }

  private static boolean signatureVerifies(String algorithm, PrivateKey key, PublicKey expected) {
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(expected);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static IllegalArgumentException mismatch(String name, X509Certificate leaf) {
    return new IllegalArgumentException(
        "key of "
            + name
            + " does not belong to the certificate "
            + leaf.getSubjectX500Principal().getName()
            + " (expected: the private key of the first certificate in the chain)");
  }
}
