package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.ir.ClientValidation;
import dev.sluice.ir.GatewayIr;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.Tls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyTlsTest extends ProxyTestBase {

  private final CertificateAuthority ca = CertificateAuthority.create("test-ca");
  private final IssuedCertificate certA = ca.issueServer("a.test");
  private final IssuedCertificate certWild = ca.issueServer("*.wild.test");
  private final IssuedCertificate certAny = ca.issueServer("fallback.test", "127.0.0.1");
  private int port;
  private SSLContext client;

  @BeforeEach
  void setUp() throws Exception {
    port = freePort();
    client = Tls.clientContext(ca, Optional.empty());
  }

  private GatewayIr threeHosts(IssuedCertificate forA) {
    return gateway(
        Tls.tlsListener(
            port,
            Tls.https(
                Optional.of("a.test"),
                Tls.termination(forA),
                route("ra", prefix("/"), List.of(), List.of(to(a)))),
            Tls.https(
                Optional.of("*.wild.test"),
                Tls.termination(certWild),
                route("rw", prefix("/"), List.of(), List.of(to(b)))),
            Tls.https(
                Optional.empty(),
                Tls.termination(certAny),
                route("rany", prefix("/"), List.of(), List.of(to(b))))));
  }

  private static RawHttp.Response get(SSLSocket socket, String host, String path)
      throws IOException {
    RawHttp http = new RawHttp(socket);
    return http.exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
  }

  @Test
  void sniSelectsTheVirtualHostAndItsCertificate() throws Exception {
    apply(threeHosts(certA));
    try (SSLSocket s = Tls.connect(fresh(), port, Optional.of("a.test"))) {
      assertThat(Tls.peerSubject(s)).isEqualTo("CN=a.test");
      RawHttp.Response r = get(s, "a.test", "/x");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).startsWith("a GET /x");
    }
    try (SSLSocket s = Tls.connect(fresh(), port, Optional.of("deep.x.wild.test"))) {
      assertThat(Tls.peerSubject(s)).isEqualTo("CN=*.wild.test");
      assertThat(get(s, "deep.x.wild.test", "/y").body()).startsWith("b GET /y");
    }
    try (SSLSocket s = Tls.connect(fresh(), port, Optional.empty())) {
      assertThat(Tls.peerSubject(s)).isEqualTo("CN=fallback.test");
      assertThat(get(s, "other.test", "/z").body()).startsWith("b GET /z");
    }
    assertThat(a.requests().get(0).headers().get("x-forwarded-proto")).isEqualTo("https");
  }

  @Test
  void hostOfAnotherVirtualHostIsMisdirected() throws Exception {
    apply(threeHosts(certA));
    try (SSLSocket s = Tls.connect(fresh(), port, Optional.of("a.test"))) {
      RawHttp.Response r = get(s, "x.wild.test", "/");
      assertThat(r.status()).isEqualTo(421);
    }
    // The catch-all virtual host must not serve a host that has its own virtual host either.
    try (SSLSocket s = Tls.connect(fresh(), port, Optional.of("unknown.test"))) {
      assertThat(get(s, "a.test", "/").status()).isEqualTo(421);
    }
    assertThat(a.requests()).isEmpty();
  }

  @Test
  void withoutCatchAllAnUnknownOrMissingSniIsRefused() {
    apply(
        gateway(
            Tls.tlsListener(
                port,
                Tls.https(
                    Optional.of("a.test"),
                    Tls.termination(certA),
                    route("ra", prefix("/"), List.of(), List.of(to(a)))))));
    assertThatThrownBy(() -> Tls.connect(fresh(), port, Optional.empty()).close())
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Tls.connect(fresh(), port, Optional.of("b.test")).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void newCertificateAppliesToNewHandshakesWhileOpenConnectionsKeepWorking() throws Exception {
    apply(threeHosts(certA));
    try (SSLSocket old = Tls.connect(fresh(), port, Optional.of("a.test"))) {
      String before = serial(old);
      RawHttp oldHttp = new RawHttp(old);
      assertThat(oldHttp.exchange("GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n").status())
          .isEqualTo(200);
      IssuedCertificate renewed = ca.issueServer("a.test");
      apply(threeHosts(renewed));
      try (SSLSocket fresh = Tls.connect(fresh(), port, Optional.of("a.test"))) {
        assertThat(serial(fresh)).isEqualTo(renewed.certificate().getSerialNumber().toString());
        assertThat(get(fresh, "a.test", "/2").status()).isEqualTo(200);
      }
      assertThat(oldHttp.exchange("GET /3 HTTP/1.1\r\nHost: a.test\r\n\r\n").status())
          .isEqualTo(200);
      assertThat(serial(old)).isEqualTo(before);
    }
  }

  @Test
  void allowValidOnlyRequiresAClientCertificateFromTheCa() throws Exception {
    CertificateAuthority clientCa = CertificateAuthority.create("client-ca");
    apply(
        gateway(
            Tls.tlsListener(
                port,
                Tls.https(
                    Optional.empty(),
                    Tls.termination(certAny, clientCa, ClientValidation.Mode.ALLOW_VALID_ONLY),
                    route("r", prefix("/"), List.of(), List.of(to(a)))))));
    SSLContext withCert =
        Tls.clientContext(ca, Optional.of(clientCa.issueClient("spiffe://test/client")));
    try (SSLSocket s = Tls.connect(withCert, port, Optional.empty())) {
      assertThat(get(s, "127.0.0.1", "/ok").status()).isEqualTo(200);
    }
    // TLS 1.3 reports the server's rejection of the client certificate after the handshake.
    assertThatThrownBy(
            () -> {
              try (SSLSocket s = Tls.connect(fresh(), port, Optional.empty())) {
                get(s, "127.0.0.1", "/no");
              }
            })
        .isInstanceOf(IOException.class);
    SSLContext otherCa =
        Tls.clientContext(ca, Optional.of(CertificateAuthority.create("evil").issueClient("x")));
    assertThatThrownBy(
            () -> {
              try (SSLSocket s = Tls.connect(otherCa, port, Optional.empty())) {
                get(s, "127.0.0.1", "/evil");
              }
            })
        .isInstanceOf(IOException.class);
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/ok");
  }

  @Test
  void allowInsecureFallbackServesClientsWithoutOrWithInvalidCertificates() throws Exception {
    CertificateAuthority clientCa = CertificateAuthority.create("client-ca");
    apply(
        gateway(
            Tls.tlsListener(
                port,
                Tls.https(
                    Optional.empty(),
                    Tls.termination(
                        certAny, clientCa, ClientValidation.Mode.ALLOW_INSECURE_FALLBACK),
                    route("r", prefix("/"), List.of(), List.of(to(a)))))));
    try (SSLSocket s = Tls.connect(fresh(), port, Optional.empty())) {
      assertThat(get(s, "127.0.0.1", "/none").status()).isEqualTo(200);
    }
    SSLContext otherCa =
        Tls.clientContext(ca, Optional.of(CertificateAuthority.create("evil").issueClient("x")));
    try (SSLSocket s = Tls.connect(otherCa, port, Optional.empty())) {
      assertThat(get(s, "127.0.0.1", "/invalid").status()).isEqualTo(200);
    }
  }

  @Test
  void alpnNegotiatesHttp2ForTheJdkClient() throws Exception {
    apply(threeHosts(certA));
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(client)
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/h2?q=1"))
                .header("x-client", "jdk")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("b GET /h2?q=1");
    var seen = b.requests().get(0).headers();
    assertThat(seen.get("host")).isEqualTo("127.0.0.1:" + port);
    assertThat(seen.get("x-client")).isEqualTo("jdk");
    assertThat(seen.get("x-forwarded-proto")).isEqualTo("https");
    assertThat(seen.names()).noneMatch(n -> n.startsWith("x-http2"));
    assertThat(response.headers().firstValue("x-origin")).contains("b");
  }

  /** A new client context per connection: the JDK's session cache would resume across names. */
  private SSLContext fresh() throws Exception {
    return Tls.clientContext(ca, Optional.empty());
  }

  private static String serial(SSLSocket socket) throws IOException {
    return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
        .getSerialNumber()
        .toString();
  }
}
