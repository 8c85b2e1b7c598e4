package dev.sluice.identity;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client validation in {@code AllowInsecureFallback} mode: a client certificate is requested and
 * checked, but one that does not validate does not fail the handshake (the client is served as if
 * it had sent none). Server checks are delegated unchanged. Thread-safe.
 */
final class LenientClientTrustManager extends ForwardingTrustManager {

  private static final Logger log = LoggerFactory.getLogger(LenientClientTrustManager.class);

  LenientClientTrustManager(X509ExtendedTrustManager delegate) {
    super(delegate);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    try {
      delegate.checkClientTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      log.debug("client certificate {} not valid, insecure fallback", subject(chain), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    try {
      delegate.checkClientTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      log.debug("client certificate {} not valid, insecure fallback", subject(chain), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    try {
      delegate.checkClientTrusted(chain, authType);
    } catch (CertificateException e) {
      log.debug("client certificate {} not valid, insecure fallback", subject(chain), e);
    }
  }

  private static String subject(X509Certificate[] chain) {
    return chain == null || chain.length == 0
        ? "(none)"
        : chain[0].getSubjectX500Principal().getName();
  }
}
