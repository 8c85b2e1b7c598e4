package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.TlsClientHello.Answer;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * G9 (ALPN: a protocol is selected only when both sides offer it, and the connection then speaks
 * exactly that protocol; with no overlap nothing is selected and the connection is HTTP/1.1, as for
 * a client without ALPN) and G10 (non-TLS bytes on a TLS port are closed at once, after a bounded
 * read; a ClientHello on a cleartext HTTP port is 400 &amp; close).
 */
class TlsAlpnPlaintextTest extends TlsTestBase {

  /** Well under the 10 s handshake deadline: a close that fast is not the deadline firing. */
  private static final Duration QUICKLY = Duration.ofSeconds(3);

  private final int httpPort = freePort();

  @BeforeEach
  void listen() {
    apply(
        gateway(
            Tls.tlsListener(port, httpsHost("a.test", serverTls(Optional.empty()), a)),
            listener(httpPort, anyHost(route("all", prefix("/"), List.of(), List.of(to(a)))))));
  }

  @Test
  void g9_clientOfferingOnlyH2GetsH2AndTheServerSpeaksIt() throws Exception {
    try (SSLSocket socket = connect(Optional.empty(), "a.test", "h2")) {
      assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // empty SETTINGS
      out.flush();
      byte[] frame = socket.getInputStream().readNBytes(9);
      assertThat(frame[3]).as("the server's first frame is SETTINGS").isEqualTo((byte) 4);
    }
  }

  @Test
  void g9_h2SelectedButHttp1SentIsNeverAnsweredAsHttp1() throws Exception {
    try (SSLSocket socket = connect(Optional.empty(), "a.test", "h2")) {
      socket
          .getOutputStream()
          .write(
              "GET /confused HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] answer = socket.getInputStream().readAllBytes();
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
    } catch (IOException closedOrReset) {
      // a reset is a fine end too
    }
    assertThat(a.requests()).isEmpty();
    assertStillServes();
  }

  @Test
  void g9_http11OnlyAndUnknownProtocolsAreServedAsHttp11() throws Exception {
    for (String[] offer : List.of(new String[] {"http/1.1"}, new String[] {"foo/1"})) {
      try (SSLSocket socket = connect(Optional.empty(), "a.test", offer)) {
        assertThat(socket.getApplicationProtocol())
            .isEqualTo(offer[0].equals("http/1.1") ? "http/1.1" : "");
        assertThat(get(socket, "a.test", "/h1").status()).isEqualTo(200);
      }
    }
    TlsOpenSsl.Result unknown =
        TlsOpenSsl.run(
            "GET /openssl HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n",
            "s_client",
            "-connect",
            connectArg(),
            "-servername",
            "a.test",
            "-alpn",
            "foo/1",
            "-ign_eof");
    assertThat(unknown.output()).as(unknown.output()).contains("No ALPN negotiated");
    assertThat(unknown.output()).contains("HTTP/1.1 200");
    TlsOpenSsl.Result h2 =
        TlsOpenSsl.run(
            "", "s_client", "-connect", connectArg(), "-servername", "a.test", "-alpn", "h2");
    assertThat(h2.output()).as(h2.output()).contains("ALPN protocol: h2");
  }

  @Test
  void g10_plainHttpOnTheTlsPortIsClosedAtOnce() throws Exception {
    assertClosedQuickly(
        "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(a.requests()).isEmpty();
    assertStillServes();
  }

  @Test
  void g10_garbageOnTheTlsPortIsClosedAfterABoundedRead() throws Exception {
    byte[] garbage = new byte[1 << 20];
    new Random(6).nextBytes(garbage);
    garbage[0] = 0x17; // application data before any handshake
    assertClosedQuickly(garbage);
    // A handshake record of the largest size that holds no ClientHello.
    garbage[0] = 0x16;
    garbage[1] = 0x03;
    garbage[2] = 0x03;
    garbage[3] = (byte) 0xFF;
    garbage[4] = (byte) 0xFF;
    garbage[5] = 0x02;
    assertClosedQuickly(garbage);
    assertStillServes();
  }

  @Test
  void g10_tlsClientHelloOnTheCleartextPortIs400AndClose() throws Exception {
    byte[] hello = TlsClientHello.of(TlsClientHello.TLS12, Optional.of("a.test"), 0xC02B);
    long start = System.nanoTime();
    try (RawHttp http = new RawHttp(httpPort)) {
      RawHttp.Response response = http.exchange(new String(hello, StandardCharsets.ISO_8859_1));
      assertThat(response.status()).isEqualTo(400);
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
    assertThat(a.requests()).isEmpty();
    assertThat(get(httpPort, "a.test", "/legit").status()).isEqualTo(200);
  }

  /** Writes {@code bytes} (as far as the server reads them) and expects a close within QUICKLY. */
  private void assertClosedQuickly(byte[] bytes) throws IOException {
    long start = System.nanoTime();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) QUICKLY.toMillis());
      try {
        socket.getOutputStream().write(bytes);
      } catch (IOException e) {
        // the server closed before reading everything: the read was bounded
      }
      InputStream in = socket.getInputStream();
      assertThat(TlsClientHello.read(in)).isInstanceOf(Answer.Closed.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
  }
}
