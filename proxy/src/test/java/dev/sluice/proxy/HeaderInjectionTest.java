package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.RawHttp;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Class B of reliability-security.md §4: header injection and sanitising. */
class HeaderInjectionTest extends HostileTestBase {

  @ParameterizedTest
  @ValueSource(strings = {"X: a\u0000b", "X: a\rInjected: 1", "X: a\u007fb"})
  void b1_controlCharactersInAnHttp1Value(String line) throws IOException {
    assertRejected("GET /smuggled HTTP/1.1\r\nHost: x\r\n" + line + "\r\n\r\n", 400);
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/legit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nInjected: 1", "a\u0000b", " leading"})
  void b2_crLfNulInAnHttp2ValueNeverReachesAnHttp1Backend(String value) throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      Http2Headers headers = RawH2.get("/smuggled").add("x-inj", value);
      h2.headers(1, headers, true);
      Optional<RawH2.Frame> answer = h2.read();
      while (answer.isPresent()
          && answer.get().type() != RawH2.HEADERS
          && answer.get().type() != RawH2.RST_STREAM
          && answer.get().type() != RawH2.GOAWAY) {
        answer = h2.read();
      }
      assertThat(answer).as("a 400, a stream reset or GOAWAY").isPresent();
    }
    assertNothingSmuggled(a);
    assertStillServes();
  }

  @Test
  void b2_validHttp2RequestStillWorks() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/h2ok"), true);
      assertThat(h2.readUntil(RawH2.HEADERS)).isPresent();
    }
    assertThat(a.requests()).extracting(r -> r.uri()).containsExactly("/h2ok");
  }

  @Test
  void b4_headersNamedInConnectionAreRemovedBeforeForwarding() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "GET /b4 HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Secret\r\n"
                  + "X-Secret: s\r\nKeep-Alive: 5\r\nProxy-Connection: x\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
    }
    var seen = a.requests().get(0).headers();
    assertThat(seen.contains("x-secret")).isFalse();
    assertThat(seen.contains("keep-alive")).isFalse();
    assertThat(seen.contains("proxy-connection")).isFalse();
    assertStillServes();
  }

  @Test
  void b4_connectionTokensInAnyShapeAreRemoved() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "GET /b4 HTTP/1.1\r\nHost: x\r\nConnection: , X-One ,KEEP-ALIVE\r\n"
                  + "Connection: x-two\r\nX-One: 1\r\nX-Two: 2\r\nX-Kept: k\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
    }
    var seen = a.requests().get(0).headers();
    assertThat(seen.contains("x-one")).isFalse();
    assertThat(seen.contains("x-two")).isFalse();
    assertThat(seen.contains("connection")).isFalse();
    assertThat(seen.get("x-kept")).isEqualTo("k");
  }

  @Test
  void b5_clientForwardingHeadersAreExtendedWithTheRealPeer() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.exchange(
          "GET /b5 HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n\r\n");
    }
    var seen = a.requests().get(0).headers();
    assertThat(seen.get("x-forwarded-for")).isEqualTo("6.6.6.6, 127.0.0.1");
    assertThat(seen.get("x-forwarded-proto")).isEqualTo("http");
  }
}
