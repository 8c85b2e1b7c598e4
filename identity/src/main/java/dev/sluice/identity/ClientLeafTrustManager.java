package dev.sluice.identity;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client-certificate validation: the PKIX checks of the delegate (chain to a trusted CA, validity
 * dates, {@code digitalSignature} key usage and {@code clientAuth} extended key usage when
 * present), plus a rule PKIX leaves out: the client's own certificate must not be a CA certificate
 * ({@code basicConstraints CA:TRUE}), so a CA key handed to one client cannot double as an end
 * entity. Server checks are delegated unchanged. Thread-safe.
 */
final class ClientLeafTrustManager extends ForwardingTrustManager {

  ClientLeafTrustManager(X509ExtendedTrustManager delegate) {
    super(delegate);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    requireEndEntity(chain);
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    requireEndEntity(chain);
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    requireEndEntity(chain);
    delegate.checkClientTrusted(chain, authType);
  }

  private static void requireEndEntity(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no client certificate (expected: one)");
    }
    if (chain[0].getBasicConstraints() >= 0) {
      throw new CertificateException(
          "client certificate "
              + chain[0].getSubjectX500Principal().getName()
              + " is a CA certificate (expected: an end-entity certificate, CA:FALSE)");
    }
  }
}
