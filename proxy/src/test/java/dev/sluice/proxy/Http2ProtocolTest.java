package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.RawH2.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Class F (and C4, H6) of reliability-security.md §4: HTTP/2 protocol violations by a client, sent
 * as raw frames on a prior-knowledge (h2c) connection. Malformed requests are stream errors that
 * reach no backend and leave the connection usable; state and framing violations are connection
 * errors ({@code GOAWAY}, then close).
 */
class Http2ProtocolTest extends HostileTestBase {

  /** The answer to {@code stream}: its response HEADERS, its RST_STREAM, or a GOAWAY. */
  private static Frame answer(RawH2 h2, int stream) throws IOException {
    return h2.readUntil(stream, RawH2.HEADERS, RawH2.RST_STREAM)
        .orElseThrow(() -> new AssertionError("connection closed without an answer"));
  }

  /** Asserts that {@code stream} was reset with {@code code}. */
  private static void assertReset(RawH2 h2, int stream, long code) throws IOException {
    Frame f = answer(h2, stream);
    assertThat(f.type()).as("frame type answering stream %d", stream).isEqualTo(RawH2.RST_STREAM);
    assertThat(f.errorCode()).as("RST_STREAM error code").isEqualTo(code);
  }

  /** Asserts a GOAWAY with {@code code} followed by the close. */
  private static void assertGoaway(RawH2 h2, long code) throws IOException {
    Frame g = h2.readUntil(RawH2.GOAWAY).orElseThrow(() -> new AssertionError("no GOAWAY"));
    assertThat(g.errorCode()).as("GOAWAY error code").isEqualTo(code);
    assertThat(h2.closedByPeer()).as("closed after GOAWAY").isTrue();
  }

  /** A valid request on {@code stream} of the same connection is still answered 200. */
  private static void assertConnectionServes(RawH2 h2, int stream) throws IOException {
    h2.headers(stream, RawH2.get("/after"), true);
    Frame f = answer(h2, stream);
    assertThat(f.type()).as("answer on the same connection").isEqualTo(RawH2.HEADERS);
  }

  /** Nothing reached the backend: no connection was even opened. */
  private void assertNothingForwarded() {
    assertThat(a.connections()).as("backend connections").isZero();
    assertThat(a.requests()).isEmpty();
  }

  // --- C4 -----------------------------------------------------------------------------------

  @Test
  void c4_hostDifferentFromAuthorityIsMalformed() throws IOException {
    apply(
        gateway(
            listener(
                port,
                vhost(Optional.of("a.test"), route("ra", prefix("/"), List.of(), List.of(to(a)))),
                vhost(
                    Optional.of("b.test"), route("rb", prefix("/"), List.of(), List.of(to(b)))))));
    try (RawH2 h2 = new RawH2(port)) {
      h2.frame(
          RawH2.HEADERS,
          RawH2.END_HEADERS | RawH2.END_STREAM,
          1,
          RawH2.literals(
              ":method",
              "GET",
              ":scheme",
              "http",
              ":authority",
              "a.test",
              ":path",
              "/c4",
              "host",
              "b.test"));
      assertReset(h2, 1, RawH2.PROTOCOL_ERROR);
      h2.frame(
          RawH2.HEADERS,
          RawH2.END_HEADERS | RawH2.END_STREAM,
          3,
          RawH2.literals(
              ":method",
              "GET",
              ":scheme",
              "http",
              ":authority",
              "A.test",
              ":path",
              "/same",
              "host",
              "a.test"));
      assertThat(answer(h2, 3).type()).as("same host in both").isEqualTo(RawH2.HEADERS);
    }
    assertThat(b.connections()).isZero();
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/same");
  }

  // --- F14 ----------------------------------------------------------------------------------

  static Stream<Arguments> malformedHeaderBlocks() {
    return Stream.of(
        Arguments.of("missing :method", List.of(":scheme", "http", ":path", "/x")),
        Arguments.of("missing :scheme", List.of(":method", "GET", ":path", "/x")),
        Arguments.of("missing :path", List.of(":method", "GET", ":scheme", "http")),
        Arguments.of("empty :path", List.of(":method", "GET", ":scheme", "http", ":path", "")),
        Arguments.of(
            "duplicated :path",
            List.of(":method", "GET", ":scheme", "http", ":path", "/x", ":path", "/y")),
        Arguments.of(
            "duplicated :method",
            List.of(":method", "GET", ":method", "POST", ":scheme", "http", ":path", "/x")),
        Arguments.of(
            "pseudo after regular",
            List.of(":method", "GET", ":scheme", "http", "x-a", "1", ":path", "/x")),
        Arguments.of(
            "unknown pseudo",
            List.of(":method", "GET", ":scheme", "http", ":path", "/x", ":foo", "1")),
        Arguments.of(
            "response pseudo",
            List.of(":method", "GET", ":scheme", "http", ":path", "/x", ":status", "200")),
        Arguments.of("upper-case name", with("X-Upper", "1")),
        Arguments.of("connection", with("connection", "keep-alive")),
        Arguments.of("keep-alive", with("keep-alive", "timeout=5")),
        Arguments.of("proxy-connection", with("proxy-connection", "keep-alive")),
        Arguments.of("transfer-encoding", with("transfer-encoding", "chunked")),
        Arguments.of("upgrade", with("upgrade", "websocket")),
        Arguments.of("te: gzip", with("te", "gzip")),
        Arguments.of("te: trailers, gzip", with("te", "trailers, gzip")));
  }

  private static List<String> with(String name, String value) {
    return List.of(
        ":method", "GET", ":scheme", "http", ":authority", "h2.test", ":path", "/x", name, value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeaderBlocks")
  void f14_malformedRequestIsAStreamErrorAndNothingIsForwarded(String what, List<String> fields)
      throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.frame(
          RawH2.HEADERS,
          RawH2.END_HEADERS | RawH2.END_STREAM,
          1,
          RawH2.literals(fields.toArray(String[]::new)));
      assertReset(h2, 1, RawH2.PROTOCOL_ERROR);
      assertNothingForwarded();
      assertConnectionServes(h2, 3);
    }
    assertStillServes();
  }

  @Test
  void f14_teTrailersIsAllowed() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.frame(
          RawH2.HEADERS,
          RawH2.END_HEADERS | RawH2.END_STREAM,
          1,
          RawH2.literals(with("te", "trailers").toArray(String[]::new)));
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
    }
    assertThat(a.requests()).hasSize(1);
  }

  // --- F6 -----------------------------------------------------------------------------------

  @Test
  void f6_tableSizeUpdateAboveTheSettingIsACompressionError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      byte[] block =
          RawH2.concat(
              RawH2.tableSizeUpdate(1 << 20),
              RawH2.literals(with("x-a", "1").toArray(String[]::new)));
      h2.frame(RawH2.HEADERS, RawH2.END_HEADERS | RawH2.END_STREAM, 1, block);
      assertGoaway(h2, RawH2.COMPRESSION_ERROR);
    }
    assertNothingForwarded();
    assertStillServes();
  }

  @Test
  void f6_tableSizeUpdateInTheMiddleOfABlockIsACompressionError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      byte[] block =
          RawH2.concat(
              RawH2.literals(":method", "GET", ":scheme", "http"),
              RawH2.tableSizeUpdate(0),
              RawH2.literals(":authority", "h2.test", ":path", "/x"));
      h2.frame(RawH2.HEADERS, RawH2.END_HEADERS | RawH2.END_STREAM, 1, block);
      assertGoaway(h2, RawH2.COMPRESSION_ERROR);
    }
    assertNothingForwarded();
    assertStillServes();
  }

  @Test
  void f6_tableSizeUpdateAtTheStartWithinTheSettingIsFine() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      byte[] block =
          RawH2.concat(
              RawH2.tableSizeUpdate(0),
              RawH2.tableSizeUpdate(4096),
              RawH2.literals(with("x-a", "1").toArray(String[]::new)));
      h2.frame(RawH2.HEADERS, RawH2.END_HEADERS | RawH2.END_STREAM, 1, block);
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
    }
  }

  // --- F18 ----------------------------------------------------------------------------------

  @Test
  void f18_lowerStreamIdThanOneAlreadyOpenedIsAConnectionError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(5, RawH2.get("/five"), true);
      h2.headers(3, RawH2.get("/three"), true);
      assertGoaway(h2, RawH2.PROTOCOL_ERROR);
    }
    assertThat(a.requests()).noneMatch(r -> r.uri().equals("/three"));
    assertStillServes();
  }

  @Test
  void f18_reusedStreamIdIsAConnectionError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/first"), true);
      assertThat(answer(h2, 1).type()).isEqualTo(RawH2.HEADERS);
      h2.readUntil(1, RawH2.DATA);
      h2.headers(1, RawH2.get("/again"), true);
      Frame g = h2.readUntil(RawH2.GOAWAY).orElseThrow();
      assertThat(g.errorCode()).isIn(RawH2.PROTOCOL_ERROR, RawH2.STREAM_CLOSED);
      assertThat(h2.closedByPeer()).isTrue();
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/first");
    assertStillServes();
  }

  @Test
  void f18_dataOnAnIdleStreamIsAConnectionError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.data(7, "smuggled".getBytes(StandardCharsets.US_ASCII), true);
      assertGoaway(h2, RawH2.PROTOCOL_ERROR);
    }
    assertNothingForwarded();
    assertStillServes();
  }

  @Test
  void f18_evenStreamIdFromTheClientIsAConnectionError() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(2, RawH2.get("/even"), true);
      assertGoaway(h2, RawH2.PROTOCOL_ERROR);
    }
    assertNothingForwarded();
    assertStillServes();
  }

  // --- F19 ----------------------------------------------------------------------------------

  @Test
  void f19_prefaceFollowedByHttp1BytesIsAConnectionError() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readAll(socket.getInputStream())).as("closed by the proxy").isNotNull();
    }
    assertNothingForwarded();
    assertStillServes();
  }

  @Test
  void f19_badPrefaceIsRejected() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readAll(socket.getInputStream());
      assertThat(answer)
          .as("400 or a plain close")
          .satisfiesAnyOf(
              s -> assertThat(s).startsWith("HTTP/1.1 400"), s -> assertThat(s).isEmpty());
    }
    assertNothingForwarded();
    assertStillServes();
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Everything the peer sends until it closes (fails on a read timeout: a hang). */
  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
