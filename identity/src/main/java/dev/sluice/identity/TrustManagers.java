package dev.sluice.identity;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** PKIX trust managers from PEM CA bundles, or the system trust store. Stateless. */
final class TrustManagers {

  private TrustManagers() {}

  /** Trusts the certificates in {@code caPems}; the JVM's default trust store when empty. */
  static X509ExtendedTrustManager of(List<String> caPems) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caPems.isEmpty()) {
        factory.init((KeyStore) null);
      } else {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (String pem : caPems) {
          for (X509Certificate ca : Pem.parseCertificates(pem)) {
            store.setCertificateEntry("ca-" + i++, ca);
          }
        }
        factory.init(store);
      }
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X.509 trust manager in " + factory.getAlgorithm());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("CA certificates cannot be loaded: " + e.getMessage(), e);
    }
  }
}
