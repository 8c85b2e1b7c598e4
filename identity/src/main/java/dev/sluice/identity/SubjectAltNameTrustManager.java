package dev.sluice.identity;

import dev.sluice.ir.UpstreamTls.SubjectAltName;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates a backend's chain with a delegate, then requires the leaf to carry one of the expected
 * subject alternative names (DNS, with certificate wildcards, or URI such as a SPIFFE ID) instead
 * of the usual hostname check. Thread-safe.
 */
final class SubjectAltNameTrustManager extends ForwardingTrustManager {

  private static final int DNS = 2;
  private static final int URI = 6;

  private final List<SubjectAltName> expected;

  SubjectAltNameTrustManager(X509ExtendedTrustManager delegate, List<SubjectAltName> expected) {
    super(delegate);
    this.expected = List.copyOf(expected);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
    requireName(chain[0]);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
    requireName(chain[0]);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    requireName(chain[0]);
  }

  private void requireName(X509Certificate leaf) throws CertificateException {
    Collection<List<?>> names = names(leaf);
    for (SubjectAltName want : expected) {
      for (List<?> name : names) {
        if (matches(want, (Integer) name.get(0), String.valueOf(name.get(1)))) {
          return;
        }
      }
    }
    throw new CertificateException(
        "certificate "
            + leaf.getSubjectX500Principal().getName()
            + " carries none of the expected subject alternative names "
            + expected);
  }

  static boolean matches(SubjectAltName want, int type, String value) {
    return switch (want.type()) {
      case URI -> type == URI && value.equals(want.value());
      case HOSTNAME -> type == DNS && dnsMatches(value, want.value());
    };
  }

  /** A certificate name matches a host exactly or by a leftmost-label wildcard. */
  static boolean dnsMatches(String certificateName, String host) {
    String name = certificateName.toLowerCase(Locale.ROOT);
    String wanted = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("*.")) {
      int dot = wanted.indexOf('.');
      return dot > 0 && wanted.substring(dot).equals(name.substring(1));
    }
    return name.equals(wanted);
  }

  private static Collection<List<?>> names(X509Certificate leaf) throws CertificateException {
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      throw new CertificateException("unreadable subject alternative names", e);
    }
  }
}
