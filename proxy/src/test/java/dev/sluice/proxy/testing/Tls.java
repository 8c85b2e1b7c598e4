package dev.sluice.proxy.testing;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.ClientValidation;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.PrivateKeyPem;
import dev.sluice.ir.Route;
import dev.sluice.ir.TlsTermination;
import dev.sluice.ir.VirtualHost;
import dev.sluice.ir.VirtualHostType;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS test helpers: IR for HTTPS listeners, and JDK clients that trust a test CA. */
public final class Tls {

  private Tls() {}

  public static CertificateKeyPair pair(String name, IssuedCertificate issued) {
    return new CertificateKeyPair(
        name, issued.chainPem(), new PrivateKeyPem(issued.privateKeyPem()));
  }

  public static TlsTermination termination(IssuedCertificate issued) {
    return new TlsTermination(List.of(pair("default/cert", issued)), Optional.empty());
  }

  public static TlsTermination termination(
      IssuedCertificate issued, CertificateAuthority clientCa, ClientValidation.Mode mode) {
    return new TlsTermination(
        List.of(pair("default/cert", issued)),
        Optional.of(new ClientValidation(List.of(clientCa.rootCertificatePem()), mode)));
  }

  public static Listener tlsListener(int port, VirtualHost... vhosts) {
    return new Listener(
        "127.0.0.1:" + port, "127.0.0.1", port, ListenerProtocol.TLS, List.of(vhosts));
  }

  public static VirtualHost https(Optional<String> hostname, TlsTermination tls, Route... routes) {
    return new VirtualHost(
        new ListenerKey("default", "gw", hostname.orElse("any")),
        hostname,
        List.of(routes),
        VirtualHostType.HTTPS,
        Optional.of(tls),
        List.of());
  }

  /** A client context trusting {@code ca}, presenting {@code client} when given. */
  public static SSLContext clientContext(
      CertificateAuthority ca, Optional<IssuedCertificate> client) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.rootCertificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (client.isPresent()) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "client",
          client.get().key(),
          new char[0],
          client.get().chain().toArray(X509Certificate[]::new));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  /**
   * A client context trusting {@code root} that always presents {@code client} when the server asks
   * for a certificate, whatever CAs the server names and whatever the certificate's extensions (the
   * JDK's own key manager would silently send nothing for some of them, which tests of the server's
   * checks must avoid).
   */
  public static SSLContext presenting(X509Certificate root, Optional<IssuedCertificate> client)
      throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", root);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.KeyManager[] keys =
        client.map(c -> new javax.net.ssl.KeyManager[] {new AlwaysPresent(c)}).orElse(null);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, tmf.getTrustManagers(), null);
    return context;
  }

  /** A key manager that offers one certificate for every client-authentication request. */
  private static final class AlwaysPresent extends javax.net.ssl.X509ExtendedKeyManager {
    private final IssuedCertificate client;

    AlwaysPresent(IssuedCertificate client) {
      this.client = client;
    }

    @Override
    public String chooseEngineClientAlias(
        String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
      return "client";
    }

    @Override
    public String chooseClientAlias(
        String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return "client";
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return new String[] {"client"};
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(
        String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return client.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return client.key();
    }
  }

  /** A handshaken TLS socket to 127.0.0.1:port sending {@code sni} (none when empty). */
  public static SSLSocket connect(SSLContext context, int port, Optional<String> sni)
      throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    SSLParameters params = socket.getSSLParameters();
    params.setServerNames(
        sni.map(s -> List.<javax.net.ssl.SNIServerName>of(new SNIHostName(s))).orElse(List.of()));
    params.setApplicationProtocols(new String[] {"http/1.1"});
    socket.setSSLParameters(params);
    socket.startHandshake();
    return socket;
  }

  /** The peer certificate's subject of a handshaken socket. */
  public static String peerSubject(SSLSocket socket) throws IOException {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
        .getSubjectX500Principal()
        .getName();
  }
}
