package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.gateway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.identity.IssuedCertificate;
import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.PrivateKeyPem;
import dev.sluice.ir.TlsTermination;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.Tls;
import dev.sluice.proxy.testing.TlsPki;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * G8: a certificate rotation applies to new handshakes while open connections continue; a pair
 * whose key does not belong to its certificate is refused when the configuration is applied (not at
 * the first handshake), and the previous certificate keeps serving.
 */
class TlsRotationTest extends TlsTestBase {

  private GatewayIr serving(CertificateKeyPair pair) {
    return gateway(
        Tls.tlsListener(
            port, httpsHost("a.test", new TlsTermination(List.of(pair), Optional.empty()), a)));
  }

  private static CertificateKeyPair mismatched(IssuedCertificate cert, IssuedCertificate keyOf) {
    return new CertificateKeyPair(
        "default/renewed", cert.chainPem(), new PrivateKeyPem(keyOf.privateKeyPem()));
  }

  @Test
  void g8_badPairIsRefusedAndTheOldCertificateKeepsServingThenAGoodOneRotates() throws Exception {
    IssuedCertificate first = TlsPki.server(PKI, "a.test", "EC");
    apply(serving(Tls.pair("default/first", first)));
    try (SSLSocket old = connect(Optional.empty(), "a.test")) {
      RawHttp oldHttp = new RawHttp(old);
      assertThat(oldHttp.exchange(request("/1")).status()).isEqualTo(200);
      IssuedCertificate renewed = TlsPki.server(PKI, "a.test", "EC");
      IssuedCertificate stranger = TlsPki.server(PKI, "a.test", "EC");

      assertThatThrownBy(() -> proxy.apply(serving(mismatched(renewed, stranger))))
          .isInstanceOf(SnapshotCompileException.class)
          .hasMessageContaining("default/renewed")
          .hasMessageContaining("does not belong to the certificate");
      assertThatThrownBy(() -> proxy.apply(serving(mismatched(renewed, RSA_CERT))))
          .isInstanceOf(SnapshotCompileException.class)
          .hasMessageContaining("default/renewed")
          .hasMessageContaining("is RSA");

      assertThat(serialOfANewHandshake()).isEqualTo(first.certificate().getSerialNumber());
      assertThat(oldHttp.exchange(request("/2")).status()).isEqualTo(200);

      apply(serving(Tls.pair("default/renewed", renewed)));
      assertThat(serialOfANewHandshake()).isEqualTo(renewed.certificate().getSerialNumber());
      assertThat(oldHttp.exchange(request("/3")).status()).isEqualTo(200);
      assertThat(peer(old).getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());
    }
  }

  private java.math.BigInteger serialOfANewHandshake() throws Exception {
    try (SSLSocket socket = connect(Optional.empty(), "a.test")) {
      assertThat(get(socket, "a.test", "/new").status()).isEqualTo(200);
      return peer(socket).getSerialNumber();
    }
  }

  private static X509Certificate peer(SSLSocket socket) throws Exception {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  private static String request(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: a.test\r\n\r\n";
  }
}
