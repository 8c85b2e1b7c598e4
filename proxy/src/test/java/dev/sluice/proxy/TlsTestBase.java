package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.IssuedCertificate;
import dev.sluice.identity.Pem;
import dev.sluice.ir.ClientValidation;
import dev.sluice.ir.TlsTermination;
import dev.sluice.ir.VirtualHost;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.TestOrigin;
import dev.sluice.proxy.testing.Tls;
import dev.sluice.proxy.testing.TlsPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS hostile-case tests (reliability-security.md §4 G and C6): a test PKI with an ECDSA and an RSA
 * server certificate (so that refusing an RSA suite can be shown to be the cipher policy, not a
 * missing key), JDK clients that present whatever certificate the test gives them, and the check
 * that the proxy still serves a legitimate TLS client afterwards.
 */
abstract class TlsTestBase extends ProxyTestBase {

  protected static final TlsPki.Authority PKI = TlsPki.authority("server-ca");
  protected static final IssuedCertificate EC_CERT = TlsPki.server(PKI, "a.test", "EC");
  protected static final IssuedCertificate RSA_CERT = TlsPki.server(PKI, "a.test", "RSA");

  protected final int port = freePort();

  @TempDir protected Path dir;

  /** The ECDSA server certificate, validating client certificates as given. */
  protected static TlsTermination serverTls(Optional<ClientValidation> clients) {
    return new TlsTermination(List.of(Tls.pair("default/ec", EC_CERT)), clients);
  }

  /** The RSA server certificate only. */
  protected static TlsTermination rsaTls() {
    return new TlsTermination(List.of(Tls.pair("default/rsa", RSA_CERT)), Optional.empty());
  }

  /** Both server certificates. */
  protected static TlsTermination bothKeyTypesTls() {
    return new TlsTermination(
        List.of(Tls.pair("default/ec", EC_CERT), Tls.pair("default/rsa", RSA_CERT)),
        Optional.empty());
  }

  /** An HTTPS virtual host for {@code hostname} routing everything to {@code origin}. */
  protected static VirtualHost httpsHost(String hostname, TlsTermination tls, TestOrigin origin) {
    return Tls.https(
        Optional.of(hostname),
        tls,
        route("r-" + hostname, prefix("/"), List.of(), List.of(to(origin))));
  }

  /** A handshaken client socket to {@code sni}, offering {@code alpn} (none when empty). */
  protected SSLSocket connect(Optional<IssuedCertificate> client, String sni, String... alpn)
      throws Exception {
    SSLSocket socket =
        (SSLSocket)
            Tls.presenting(PKI.root(), client).getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    SSLParameters params = socket.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName(sni)));
    params.setApplicationProtocols(alpn);
    socket.setSSLParameters(params);
    socket.startHandshake();
    return socket;
  }

  protected static RawHttp.Response get(SSLSocket socket, String host, String path)
      throws IOException {
    return new RawHttp(socket).exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
  }

  /** A fresh, legitimate TLS client of {@code a.test} is still served by origin {@code a}. */
  protected void assertStillServes() throws Exception {
    assertStillServes(Optional.empty());
  }

  protected void assertStillServes(Optional<IssuedCertificate> client) throws Exception {
    try (SSLSocket socket = connect(client, "a.test")) {
      RawHttp.Response ok = get(socket, "a.test", "/legit");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("a GET /legit");
    }
  }

  /** Writes {@code issued}'s chain and key as PEM files for {@code openssl -cert/-key}. */
  protected Path[] pemFiles(String name, IssuedCertificate issued) throws IOException {
    Path cert = Files.writeString(dir.resolve(name + ".crt"), issued.chainPem());
    Path key = Files.writeString(dir.resolve(name + ".key"), Pem.privateKey(issued.key()));
    return new Path[] {cert, key};
  }

  protected String connectArg() {
    return "127.0.0.1:" + port;
  }
}
