package dev.sluice.identity;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Parses private keys from PEM: PKCS#8, PKCS#1 (RSA) and SEC1 (EC). Stateless. */
public final class PrivateKeys {

  private PrivateKeys() {}

  /**
   * The first private key in {@code pem}.
   *
   * @throws IllegalArgumentException when the text holds no unencrypted private key
   */
  public static PrivateKey parse(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid private key PEM: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "no private key found (expected: an unencrypted PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE"
            + " KEY block)");
  }
}
