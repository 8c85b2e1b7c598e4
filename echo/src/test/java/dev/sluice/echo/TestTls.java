package dev.sluice.echo;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Test PKI: one CA, a server certificate for the test names, a client certificate. */
final class TestTls {

  static final CertificateAuthority CA = CertificateAuthority.create("echo-test-ca");
  static final IssuedCertificate SERVER =
      CA.issueServer("abc.example.com", "other.example.com", "127.0.0.1");
  static final IssuedCertificate CLIENT = CA.issueClient("client.example.com");

  private TestTls() {}

  static TlsCredentials serverCredentials(boolean verifyClients) {
    return verifyClients
        ? new TlsCredentials(
            SERVER.chainPem(),
            SERVER.privateKeyPem(),
            java.util.Optional.of(CA.rootCertificatePem()))
        : new TlsCredentials(SERVER.chainPem(), SERVER.privateKeyPem());
  }

  /** A client context trusting the CA, presenting {@code CLIENT} when {@code withClientCert}. */
  static SSLContext clientContext(boolean withClientCert)
      throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", CA.rootCertificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    if (withClientCert) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = "x".toCharArray();
      keys.setKeyEntry(
          "client", CLIENT.key(), password, CLIENT.chain().toArray(new X509Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    } else {
      context.init(null, tmf.getTrustManagers(), null);
    }
    return context;
  }

  /** A connected, handshaken socket sending {@code sni} and offering {@code alpn}. */
  static SSLSocket connect(
      SSLContext context, InetSocketAddress address, String sni, String... alpn)
      throws IOException {
    SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
    socket.setSoTimeout(5_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(sni)));
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setApplicationProtocols(alpn);
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }
}
