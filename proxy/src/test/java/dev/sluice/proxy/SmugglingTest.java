package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Class A of reliability-security.md §4: HTTP/1.1 framing and request smuggling. */
class SmugglingTest extends HostileTestBase {

  private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

  @Test
  void a1_contentLengthAndTransferEncodingTogether() throws IOException {
    assertRejected(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0\r\n\r\nG"
            + SMUGGLED,
        400);
  }

  @Test
  void a2_chunkedBodyCarryingARequestIsReframedNotSplit() throws IOException {
    String inner = SMUGGLED;
    String chunk = Integer.toHexString(inner.length()) + "\r\n" + inner + "\r\n0\r\n\r\n";
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST /a2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk);
      assertThat(r.status()).isEqualTo(200);
    }
    // The body reached the origin as a body of one request; no second request was parsed from it.
    assertThat(a.requests()).hasSize(1);
    assertThat(a.requests().get(0).bodyLength()).isEqualTo(inner.length());
    assertStillServes();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length: 5\r\nContent-Length: 6", "Content-Length: 5, 6"})
  void a3_duplicateOrListedContentLength(String headers) throws IOException {
    assertRejected("POST / HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n\r\nhello" + SMUGGLED, 400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+5", "-1", "0x5", "1_0", "", "5 5", "99999999999999999999", "5a", " 5 ,5"})
  void a4_malformedContentLength(String value) throws IOException {
    assertRejected(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + value + "\r\n\r\nhello" + SMUGGLED, 400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Transfer-Encoding: xchunked",
        "Transfer-Encoding: chunked\u000b",
        "Transfer-Encoding: \u0001chunked",
        "Transfer-Encoding : chunked",
        "Transfer-Encoding: identity",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked, chunked",
        "Transfer-Encoding: gzip"
      })
  void a5_transferEncodingObfuscation(String header) throws IOException {
    RawHttp.Response r =
        assertRejectedOrHarmless(
            "POST / HTTP/1.1\r\nHost: x\r\n"
                + header
                + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                + SMUGGLED);
    assertThat(r.status()).isIn(400, 501);
  }

  @Test
  void a5_emptyListElementBeforeChunkedIsPlainChunked() throws IOException {
    // RFC 9110 §5.6.1: empty list elements are ignored, so this is chunked, re-framed upstream.
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST /a5 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ,chunked\r\n\r\n"
                  + "5\r\nhello\r\n0\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(a.requests()).hasSize(1);
    assertThat(a.requests().get(0).bodyLength()).isEqualTo(5);
    assertThat(a.requests().get(0).headers().get("transfer-encoding")).isEqualTo("chunked");
  }

  @Test
  void a5_underscoreTransferEncodingIsAnOrdinaryHeaderAndContentLengthFrames() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "POST /a5u HTTP/1.1\r\nHost: x\r\nTransfer_Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
              + "5\r\nhello\r\n0\r\n\r\n"
              + SMUGGLED);
      assertThat(http.read().status()).isEqualTo(200);
      // The rest ("llo...") is parsed by the proxy as a request line, which is malformed.
      assertThat(http.read().status()).isEqualTo(400);
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(a.requests()).hasSize(1);
    assertThat(a.requests().get(0).bodyLength()).isEqualTo(5);
    assertNothingSmuggled(a);
    assertStillServes();
  }

  @Test
  void a6_transferEncodingOnHttp10() throws IOException {
    assertRejected(
        "POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
            + "0\r\n\r\n"
            + SMUGGLED,
        400);
  }

  @Test
  void a7_chunkedNotTheFinalCoding() throws IOException {
    assertRejected(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"
            + SMUGGLED,
        400,
        501);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0x5", "+5", "5_", "-1", "1these-bytes", "", "100000004", "fffffffffffffffff"})
  void a8_badChunkSize(String size) throws IOException {
    assertRejected(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + size
            + "\r\nhello\r\n0\r\n\r\n"
            + SMUGGLED,
        400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5\n", "5\r", "5;a\nb\r\n", "5;a=\"x\r\ny\"\r\n"})
  void a9_chunkLineTerminatorsAndExtensions(String line) throws IOException {
    assertRejected(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + line
            + "hello\r\n0\r\n\r\n"
            + SMUGGLED,
        400);
  }

  @Test
  void a10_chunkDataNotFollowedByCrlf() throws IOException {
    assertRejected(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"
            + SMUGGLED,
        400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"GET / HTTP/1.1\nHost: x\n\n", "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n"})
  void a11_bareLfOrCrAsLineTerminator(String raw) throws IOException {
    assertRejected(raw + SMUGGLED, 400);
  }

  @Test
  void a12_obsFoldIncludingFoldedTransferEncoding() throws IOException {
    assertRejected("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n" + SMUGGLED, 400);
    assertRejected(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding:\r\n chunked\r\n\r\n"
            + "0\r\n\r\n"
            + SMUGGLED,
        400);
  }

  @Test
  void a13_whitespaceBetweenNameAndColon() throws IOException {
    assertRejected("POST / HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello" + SMUGGLED, 400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"NoColon", ": empty-name", "Bad\u0085Name: x", "Bad(Name: x", "Bad/Name: x"})
  void a14_malformedHeaderName(String line) throws IOException {
    assertRejected("GET / HTTP/1.1\r\nHost: x\r\n" + line + "\r\n\r\n" + SMUGGLED, 400);
  }

  @Test
  void a15_controlBytesBeforeTheRequestLine() throws IOException {
    assertRejected("\u0000\u0001GET / HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED, 400);
  }

  @Test
  void a16_pipelinedBadRequestInTheMiddle() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /bad HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n"
              + SMUGGLED);
      assertThat(http.read().status()).isEqualTo(200);
      assertThat(http.read().status()).isEqualTo(400);
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/first");
    assertStillServes();
  }

  @Test
  void a17_getWithABodyIsForwardedFramedNotReparsed() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "GET /a17 HTTP/1.1\r\nHost: x\r\nContent-Length: "
                  + SMUGGLED.length()
                  + "\r\n\r\n"
                  + SMUGGLED);
      assertThat(r.status()).isEqualTo(200);
      assertThat(http.exchange("GET /next HTTP/1.1\r\nHost: x\r\n\r\n").body())
          .isEqualTo("a GET /next");
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/a17", "/next");
  }

  @Test
  void a18_earlyLocalReplyNeverParsesTheBodyAsARequest() throws IOException {
    apply(
        dev.sluice.proxy.testing.Ir.gateway(
            dev.sluice.proxy.testing.Ir.listener(
                port,
                dev.sluice.proxy.testing.Ir.anyHost(
                    dev.sluice.proxy.testing.Ir.route(
                        "only",
                        dev.sluice.proxy.testing.Ir.exact("/only"),
                        java.util.List.of(),
                        java.util.List.of(dev.sluice.proxy.testing.Ir.to(a)))))));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST /unrouted HTTP/1.1\r\nHost: x\r\nContent-Length: "
                  + SMUGGLED.length()
                  + "\r\n\r\n"
                  + SMUGGLED);
      assertThat(r.status()).isEqualTo(404);
      // Whatever follows is a fresh request, never the body.
      RawHttp.Response next = http.exchange("GET /only HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(next.status()).isEqualTo(200);
    } catch (java.io.EOFException closedInstead) {
      // Closing instead of draining is also correct.
    }
    assertNothingSmuggled(a);
  }

  @Test
  void a20_framingHeadersInTrailersAreNotMerged() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST /a20 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + "5\r\nhello\r\n0\r\nContent-Length: 50\r\nHost: evil.test\r\n\r\n");
      assertThat(r.status()).isIn(200, 400);
    }
    assertThat(a.requests()).allMatch(r -> !"evil.test".equals(r.headers().get("host")));
    assertStillServes();
  }

  private RawHttp.Response assertRejectedOrHarmless(String raw) throws IOException {
    return assertRejected(raw, 400, 501);
  }

  @Test
  void a12_obsFoldInASecondKeepAliveRequestIsRejectedToo() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /one HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
      assertThat(http.exchange("GET /two HTTP/1.1\r\nHost: x\r\nX: a\r\n\tb\r\n\r\n").status())
          .isEqualTo(400);
      assertThat(http.closedByPeer()).isTrue();
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/one");
  }
}
