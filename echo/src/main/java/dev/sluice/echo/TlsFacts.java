package dev.sluice.echo;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What the echo reports about a TLS connection. Immutable.
 *
 * @param version the JSSE protocol name, {@code TLSv1.3} or {@code TLSv1.2} (as echo-basic's HTTP
 *     and gRPC modes spell it)
 * @param serverName the SNI the client sent, empty when none
 * @param negotiatedProtocol the ALPN protocol, empty when none was negotiated
 * @param cipherSuite the IANA name, for example {@code TLS_AES_128_GCM_SHA256}
 * @param peerCertificates the client's certificates, leaf first, each one PEM block
 */
record TlsFacts(
    String version,
    String serverName,
    String negotiatedProtocol,
    String cipherSuite,
    List<String> peerCertificates) {

  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  TlsFacts {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(negotiatedProtocol, "negotiatedProtocol");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
    peerCertificates = List.copyOf(peerCertificates);
  }

  /** The facts of {@code connection}'s completed handshake; empty on a plain connection. */
  static Optional<TlsFacts> of(Channel connection) {
    SslHandler ssl = connection.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return Optional.empty();
    }
    SSLSession session = ssl.engine().getSession();
    String serverName = connection.attr(SniCapture.SERVER_NAME).get();
    String alpn = ssl.applicationProtocol();
    return Optional.of(
        new TlsFacts(
            session.getProtocol(),
            serverName == null ? "" : serverName,
            alpn == null ? "" : alpn,
            session.getCipherSuite(),
            peerCertificates(session)));
  }

  /** The version as Go's {@code tls.VersionName} spells it ({@code TLS 1.3}), for the TCP echo. */
  String goVersionName() {
    return version.startsWith("TLSv") ? "TLS " + version.substring(4) : version;
  }

  private static List<String> peerCertificates(SSLSession session) {
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return List.of(); // the client sent no certificate
    }
    List<String> pems = new ArrayList<>(chain.length);
    for (Certificate certificate : chain) {
      pems.add(pem(certificate));
    }
    return pems;
  }

  private static String pem(Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + BASE64.encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("peer certificate cannot be encoded: " + e.getMessage(), e);
    }
  }
}
