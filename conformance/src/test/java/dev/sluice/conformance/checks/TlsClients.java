package dev.sluice.conformance.checks;

import dev.sluice.identity.IssuedCertificate;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * JDK TLS client contexts for the checks: trust one CA, optionally offer a client certificate
 * (recording whether the server asked for one), and send the SNI the test names. Hostname
 * verification is left out on purpose: the upstream certificates use names such as {@code *.org}
 * that the JDK refuses as too broad, and the suite checks the chain, not the name.
 *
 * <p>Stateless.
 */
public final class TlsClients {

  private TlsClients() {}

  /** A context trusting {@code ca} and offering {@code client} when present. */
  public static SSLContext context(
      X509Certificate ca, Optional<IssuedCertificate> client, AtomicBoolean clientCertRequested) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory trustFactory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustFactory.init(trust);
      KeyManager[] keys = null;
      if (client.isPresent()) {
        keys = new KeyManager[] {recording(keyManager(client.get()), clientCertRequested)};
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trustFactory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a TLS client context: " + e.getMessage(), e);
    }
  }

  /** Sets SNI (unless it is an IP literal), TLS 1.2+ and the ALPN protocols on {@code socket}. */
  public static void configure(SSLSocket socket, String sni, List<String> alpn) {
    SSLParameters parameters = socket.getSSLParameters();
    if (!sni.isEmpty() && !sni.matches("[0-9.]+")) {
      parameters.setServerNames(List.of(new SNIHostName(sni)));
    }
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    if (!alpn.isEmpty()) {
      parameters.setApplicationProtocols(alpn.toArray(String[]::new));
    }
    socket.setSSLParameters(parameters);
  }

  private static X509KeyManager keyManager(IssuedCertificate client)
      throws GeneralSecurityException, java.io.IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "client", client.key(), new char[0], client.chain().toArray(Certificate[]::new));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, new char[0]);
    return (X509KeyManager) factory.getKeyManagers()[0];
  }

  private static X509KeyManager recording(X509KeyManager delegate, AtomicBoolean requested) {
    return new X509KeyManager() {
      @Override
      public String chooseClientAlias(
          String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
        requested.set(true);
        // Offer the certificate whatever CAs the server names, as Go's GetClientCertificate does.
        return "client";
      }

      @Override
      public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
        return delegate.getClientAliases(keyType, null);
      }

      @Override
      public String chooseServerAlias(
          String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
        return null;
      }

      @Override
      public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
        return null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return delegate.getCertificateChain(alias);
      }

      @Override
      public java.security.PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
      }
    };
  }
}
