package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.IssuedCertificate;
import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.RawH2.Frame;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.Tls;
import dev.sluice.proxy.testing.TlsPki;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * F12, F15, F16, F17, F19 (over TLS) and H6 of reliability-security.md §4: HTTP/2 edge cases sent
 * as raw bytes. Each test asserts the answer (reset code, GOAWAY, close), that nothing (or nothing
 * complete, or nothing smuggled) reached the backend, and that the proxy still serves.
 */
class Http2EdgeCaseTest extends HostileTestBase {

  private static final TlsPki.Authority PKI = TlsPki.authority("edge-ca");
  private static final IssuedCertificate CERT = TlsPki.server(PKI, "a.test", "EC");
  private static final String H2C_SETTINGS = "AAMAAABkAARAAAAAAAIAAAAA";

  // --- F12 ----------------------------------------------------------------------------------

  @Test
  void f12_priorityFloodIsIgnoredAndTheConnectionServes() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      // 20,000 PRIORITY frames: a chain over idle streams 3..20001 (each depending on the one
      // before, a deep tree if kept), then 10,000 re-prioritisations of stream 3. One write.
      ByteArrayOutputStream flood = new ByteArrayOutputStream();
      for (int i = 0; i < 10_000; i++) {
        flood.writeBytes(priorityFrame(2 * i + 3, 2 * i + 1, false, 15));
      }
      for (int i = 0; i < 10_000; i++) {
        flood.writeBytes(priorityFrame(3, 5 + 2 * (i % 100), i % 2 == 0, i % 256));
      }
      h2.rawWrite(flood.toByteArray());
      // PRIORITY opens no stream (RFC 9113 §5.1): stream 1 is still a valid new stream.
      h2.headers(1, RawH2.get("/legit/f12"), true);
      assertThat(answer(h2, 1).type()).as("answer after the flood").isEqualTo(RawH2.HEADERS);
      assertConnectionServes(h2, 20_003);
    }
    assertStillServes();
  }

  @Test
  void f12_dependencyCyclesAreIgnored() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.priority(3, 5, false, 16);
      h2.priority(5, 3, true, 16);
      h2.priority(1, 3, false, 16);
      h2.priority(3, 1, true, 16);
      h2.headers(1, RawH2.get("/legit/cycle1"), true);
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
      h2.headers(3, RawH2.get("/legit/cycle3"), true);
      assertThat(answer(h2, 3).type()).isEqualTo(RawH2.HEADERS);
      h2.priority(3, 3 + 2, false, 1); // a closed stream re-prioritised: ignored
      assertConnectionServes(h2, 5);
    }
    assertThat(a.requests()).hasSize(3);
  }

  @Test
  void f12_aStreamDependingOnItselfIsAStreamProtocolError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.priority(3, 3, false, 16);
      assertReset(h2, 3, RawH2.PROTOCOL_ERROR);
      assertConnectionServes(h2, 5);
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/legit/after");
    assertStillServes();
  }

  @Test
  void f12_headersDependingOnTheirOwnStreamEndTheConnection() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      // HEADERS with the PRIORITY flag, depending on its own stream. Netty does not decode the
      // block of such a frame, so it makes the stream error a connection error (a skipped block
      // would leave the HPACK tables out of step): GOAWAY(PROTOCOL_ERROR), stricter than RFC 9113.
      byte[] block = RawH2.literals(":method", "GET", ":scheme", "http", ":path", "/f12-self");
      byte[] payload = RawH2.concat(new byte[] {0, 0, 0, 1, 16}, block);
      h2.frame(RawH2.HEADERS, RawH2.END_HEADERS | RawH2.END_STREAM | 0x20, 1, payload);
      Frame g = h2.readUntil(RawH2.GOAWAY).orElseThrow(() -> new AssertionError("no GOAWAY"));
      assertThat(g.errorCode()).isEqualTo(RawH2.PROTOCOL_ERROR);
      assertThat(h2.closedByPeer()).isTrue();
    }
    assertThat(a.connections()).isZero();
    assertStillServes();
  }

  private static byte[] priorityFrame(int stream, int dependency, boolean exclusive, int weight) {
    return RawH2.concat(
        new byte[] {0, 0, 5, RawH2.PRIORITY, 0},
        u32(stream),
        u32((exclusive ? 0x80000000 : 0) | dependency),
        new byte[] {(byte) weight});
  }

  private static byte[] u32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  // --- F15 ----------------------------------------------------------------------------------

  @Test
  void f15_contentLengthAboveTheDataIsAStreamErrorAndNothingCompleteIsForwarded()
      throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.frame(RawH2.HEADERS, RawH2.END_HEADERS, 1, post("/f15-short", "content-length", "10"));
      h2.data(1, ascii("hello"), true);
      assertReset(h2, 1, RawH2.PROTOCOL_ERROR);
      assertConnectionServes(h2, 3);
    }
    // The origin records a request only once its body is complete.
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/legit/after");
    assertStillServes();
  }

  @Test
  void f15_dataBeyondTheContentLengthIsAStreamErrorAndNeverForwarded() throws IOException {
    String smuggled = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n";
    try (RawH2 h2 = new RawH2(port)) {
      // All in one frame: the frame is refused as a whole.
      h2.frame(RawH2.HEADERS, RawH2.END_HEADERS, 1, post("/f15-one", "content-length", "5"));
      h2.data(1, ascii("hello" + smuggled), true);
      assertReset(h2, 1, RawH2.PROTOCOL_ERROR);
      // The same connection (same event loop, same upstream pool) serves a clean request: the
      // upstream connection that carried the cut request was not reused.
      assertConnectionServes(h2, 3);
      // Split: the declared body is complete, the excess frame is refused.
      h2.frame(RawH2.HEADERS, RawH2.END_HEADERS, 5, post("/f15-split", "content-length", "5"));
      h2.data(5, ascii("hello"), false);
      h2.data(5, ascii(smuggled), true);
      Frame f = answer(h2, 5);
      if (f.type() == RawH2.HEADERS) {
        // the complete declared request was answered before the excess arrived
        f = h2.readUntil(5, RawH2.RST_STREAM).orElseThrow();
      }
      assertThat(f.type()).isEqualTo(RawH2.RST_STREAM);
      assertThat(f.errorCode()).isIn(RawH2.PROTOCOL_ERROR, RawH2.STREAM_CLOSED);
      assertConnectionServes(h2, 7);
    }
    assertNothingSmuggled(a);
    assertThat(a.requests()).noneMatch(r -> r.uri().equals("/f15-one"));
    assertThat(a.requests())
        .filteredOn(r -> r.uri().equals("/legit/after"))
        .allMatch(r -> r.method().equals("GET") && r.bodyLength() == 0)
        .hasSize(2);
    assertStillServes();
  }

  @Test
  void f15_transferEncodingInAnH2RequestIsAStreamErrorAndNothingIsForwarded() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.frame(
          RawH2.HEADERS, RawH2.END_HEADERS, 1, post("/f15-te", "transfer-encoding", "chunked"));
      assertReset(h2, 1, RawH2.PROTOCOL_ERROR);
      // Known gap (Netty): the HPACK check refused the block before the stream was created, so
      // DATA the client still sends for it is "a stream that does not exist": GOAWAY.
      h2.data(1, ascii("0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n"), true);
      Frame g = h2.readUntil(RawH2.GOAWAY).orElseThrow(() -> new AssertionError("no GOAWAY"));
      assertThat(g.errorCode()).isEqualTo(RawH2.PROTOCOL_ERROR);
    }
    assertThat(a.connections()).as("backend connections").isZero();
    assertNothingSmuggled(a);
    assertStillServes();
  }

  // --- F16 ----------------------------------------------------------------------------------

  @Test
  void f16_tinyMaxHeaderListSizeFailsCheaplyWithoutBackendAmplification() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.settings(6, 1); // SETTINGS_MAX_HEADER_LIST_SIZE = 1: no response head can fit
      h2.headers(1, RawH2.get("/legit/f16"), true);
      Frame f = answer(h2, 1);
      // Advisory (RFC 9113 §6.5.2: the server MAY ignore it): the response is sent anyway, once.
      assertThat(f.type()).isEqualTo(RawH2.HEADERS);
      h2.settings(6, 65_536);
      assertConnectionServes(h2, 3);
    }
    assertThat(a.requests())
        .as("one backend request per client request: no retry, no amplification")
        .extracting(r -> r.uri())
        .containsExactly("/legit/f16", "/legit/after");
    assertStillServes();
  }

  // --- H6 -----------------------------------------------------------------------------------

  @Test
  void h6_extendedConnectWithoutTheSettingIsAStreamProtocolError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.frame(
          RawH2.HEADERS,
          RawH2.END_HEADERS,
          1,
          RawH2.literals(
              ":method",
              "CONNECT",
              ":protocol",
              "websocket",
              ":scheme",
              "http",
              ":authority",
              "h2.test",
              ":path",
              "/chat",
              "sec-websocket-version",
              "13"));
      assertReset(h2, 1, RawH2.PROTOCOL_ERROR);
      assertConnectionServes(h2, 3);
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/legit/after");
    assertStillServes();
  }

  // --- F17 ----------------------------------------------------------------------------------

  private static final String UPGRADE =
      "Upgrade: h2c\r\nHTTP2-Settings: "
          + H2C_SETTINGS
          + "\r\nConnection: Upgrade, HTTP2-Settings\r\n";

  /** Reads an HTTP/1.1 response head byte by byte (nothing of what follows is consumed). */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void f17_h2cUpgradeIsDoneByTheProxyAndNeverForwarded() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(ascii("GET /legit/f17 HTTP/1.1\r\nHost: h2.test\r\n" + UPGRADE + "\r\n"));
      assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 101");
      RawH2 h2 = new RawH2(socket, true);
      assertThat(answer(h2, 1).type()).as("the upgraded request's answer").isEqualTo(RawH2.HEADERS);
      assertConnectionServes(h2, 3);
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/legit/f17", "/legit/after");
    assertNoBackendHeader("upgrade");
    assertNoBackendHeader("http2-settings");
    assertThat(a.requests())
        .as("no Connection: upgrade reached the backend")
        .noneMatch(r -> r.headers().containsValue("connection", "upgrade", true));
    assertStillServes();
  }

  @Test
  void f17_http1BytesInsideTheUpgradedConnectionAreNeverForwarded() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(ascii("GET /legit/f17 HTTP/1.1\r\nHost: h2.test\r\n" + UPGRADE + "\r\n"));
      assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 101");
      RawH2 h2 = new RawH2(socket, false);
      // h2csmuggler: a second HTTP/1.1 request where the HTTP/2 preface must be.
      h2.rawWrite(ascii("GET /smuggled HTTP/1.1\r\nHost: h2.test\r\n\r\n"));
      assertThat(h2.closedByPeer()).as("closed after a bad preface").isTrue();
    }
    assertNothingSmuggled(a);
    assertNoBackendHeader("upgrade");
    assertNoBackendHeader("http2-settings");
    assertStillServes();
  }

  @Test
  void f17_incompleteUpgradeIsServedAsHttp1WithoutUpgradeHeaders() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      // HTTP2-Settings not listed in Connection: not a valid h2c upgrade (RFC 7540 §3.2.1).
      RawHttp.Response r =
          http.exchange(
              "GET /legit/f17-partial HTTP/1.1\r\nHost: h2.test\r\nUpgrade: h2c\r\nHTTP2-Settings: "
                  + H2C_SETTINGS
                  + "\r\nConnection: Upgrade\r\n\r\n");
      assertThat(r.status()).isIn(200, 400);
    }
    assertNoBackendHeader("upgrade");
    assertNoBackendHeader("http2-settings");
    assertStillServes();
  }

  // --- F17 and F19 over TLS -----------------------------------------------------------------

  private int tlsListener() {
    int tls = freePort();
    apply(
        gateway(
            listener(port, anyHost(route("all", prefix("/"), List.of(), List.of(to(a))))),
            Tls.tlsListener(
                tls,
                Tls.https(
                    Optional.of("a.test"),
                    Tls.termination(CERT),
                    route("tls", prefix("/"), List.of(), List.of(to(a)))))));
    return tls;
  }

  private static SSLSocket tls(int port, String... alpn) throws Exception {
    SSLSocket socket =
        (SSLSocket)
            Tls.presenting(PKI.root(), Optional.empty())
                .getSocketFactory()
                .createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    SSLParameters params = socket.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName("a.test")));
    params.setApplicationProtocols(alpn);
    socket.setSSLParameters(params);
    socket.startHandshake();
    return socket;
  }

  @Test
  void f17_h2cUpgradeOverTlsIsNeitherPerformedNorForwarded() throws Exception {
    int tls = tlsListener();
    try (SSLSocket socket = tls(tls, "http/1.1")) {
      RawHttp.Response r =
          new RawHttp(socket)
              .exchange("GET /legit/f17-tls HTTP/1.1\r\nHost: a.test\r\n" + UPGRADE + "\r\n");
      assertThat(r.status()).as("h2c is cleartext-only: no 101 over TLS").isEqualTo(200);
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/legit/f17-tls");
    assertNoBackendHeader("upgrade");
    assertNoBackendHeader("http2-settings");
  }

  @Test
  void f19_alpnH2FollowedByHttp1BytesIsAConnectionErrorWithoutHang() throws Exception {
    int tls = tlsListener();
    long start = System.nanoTime();
    try (SSLSocket socket = tls(tls, "h2")) {
      assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
      RawH2 h2 = new RawH2(socket, false);
      h2.readTimeout(Duration.ofSeconds(5));
      h2.rawWrite(ascii("GET /smuggled HTTP/1.1\r\nHost: a.test\r\n\r\n"));
      Optional<Frame> goaway = h2.readUntil(RawH2.GOAWAY);
      goaway.ifPresent(g -> assertThat(g.errorCode()).isEqualTo(RawH2.PROTOCOL_ERROR));
      assertThat(h2.closedByPeer()).as("closed").isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    // The preface, then HTTP/1 bytes.
    try (SSLSocket socket = tls(tls, "h2")) {
      RawH2 h2 = new RawH2(socket, true);
      h2.rawWrite(ascii("GET /smuggled HTTP/1.1\r\nHost: a.test\r\n\r\n"));
      Frame g = h2.readUntil(RawH2.GOAWAY).orElseThrow(() -> new AssertionError("no GOAWAY"));
      assertThat(g.errorCode()).isIn(RawH2.PROTOCOL_ERROR, RawH2.FRAME_SIZE_ERROR);
      assertThat(h2.closedByPeer()).isTrue();
    }
    assertNothingSmuggled(a);
    // A legitimate h2 client over TLS is served.
    try (SSLSocket socket = tls(tls, "h2")) {
      RawH2 h2 = new RawH2(socket, true);
      h2.headers(1, RawH2.get("/legit/tls").authority("a.test"), true);
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/legit/tls");
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The answer to {@code stream}: its response HEADERS, its RST_STREAM, or a GOAWAY. */
  private static Frame answer(RawH2 h2, int stream) throws IOException {
    return h2.readUntil(stream, RawH2.HEADERS, RawH2.RST_STREAM)
        .orElseThrow(() -> new AssertionError("connection closed without an answer"));
  }

  private static void assertReset(RawH2 h2, int stream, long code) throws IOException {
    Frame f = answer(h2, stream);
    assertThat(f.type()).as("frame type answering stream %d", stream).isEqualTo(RawH2.RST_STREAM);
    assertThat(f.errorCode()).as("RST_STREAM error code").isEqualTo(code);
  }

  /** A GET on {@code stream} of the same connection is answered with response headers. */
  private static void assertConnectionServes(RawH2 h2, int stream) throws IOException {
    h2.headers(stream, RawH2.get("/legit/after"), true);
    assertThat(answer(h2, stream).type())
        .as("answer on the same connection")
        .isEqualTo(RawH2.HEADERS);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] post(String path, String... extra) {
    String[] base = {":method", "POST", ":scheme", "http", ":authority", "h2.test", ":path", path};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return RawH2.literals(all);
  }

  /** No request header of any request {@code a} saw is named {@code name}. */
  private void assertNoBackendHeader(String name) {
    for (var r : a.requests()) {
      HttpHeaders headers = r.headers();
      assertThat(headers.contains(name))
          .as("%s reached the backend on %s", name, r.uri())
          .isFalse();
    }
  }
}
