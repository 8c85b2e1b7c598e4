package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Class H of reliability-security.md §4: only a GET HTTP/1.1 {@code Upgrade: websocket} whose
 * backend answers {@code 101} becomes a tunnel; anything else stays HTTP.
 */
class WebSocketUpgradeTest extends HostileTestBase {

  @Test
  void h1_backendRefusingTheUpgradeKeepsTheConnectionHttp() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                  + "Sec-WebSocket-Version: 1337\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      // Still HTTP: the next request is parsed, routed and answered normally.
      assertThat(http.exchange("GET /internal HTTP/1.1\r\nHost: x\r\n\r\n").body())
          .isEqualTo("a GET /internal");
    }
  }

  @Test
  void h2_upgradeOnANonGetIsServedAsAPlainRequest() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nContent-Length: 0\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
    }
    var seen = a.requests().get(0).headers();
    assertThat(seen.contains("upgrade")).isFalse();
    assertThat(seen.contains("connection")).isFalse();
    assertStillServes();
  }

  @Test
  void h3_missingKeyIsForwardedAndTheBackendDecides() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
      assertThat(r.status()).isEqualTo(200);
      assertThat(http.exchange("GET /next HTTP/1.1\r\nHost: x\r\n\r\n").body())
          .isEqualTo("a GET /next");
    }
  }

  @Test
  void h7_unconfiguredUpgradeTokenIsDropped() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      assertThat(
              http.exchange(
                      "GET /foo HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n")
                  .status())
          .isEqualTo(200);
    }
    assertThat(a.requests().get(0).headers().contains("upgrade")).isFalse();
  }
}
