package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 hostile cases of reliability-security.md §4 that need no special backend: {@code Expect:
 * 100-continue} desync (A19), path parameters (D4) and a PROXY protocol header sent to an ordinary
 * listener (J3). Only {@code app.test} is routed: {@code /public} and {@code /api} to origin a,
 * {@code /admin} to origin b; other hosts get a local 404.
 */
class Http1EdgeCaseTest extends ProxyTestBase {

  private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: app.test\r\n\r\n";

  private final int port = freePort();

  @BeforeEach
  void routes() {
    apply(
        gateway(
            listener(
                port,
                vhost(
                    Optional.of("app.test"),
                    route("public", prefix("/public"), List.of(), List.of(to(a))),
                    route("api", prefix("/api"), List.of(), List.of(to(a))),
                    route("admin", prefix("/admin"), List.of(), List.of(to(b)))))));
  }

  private void stillServes() throws IOException {
    RawHttp.Response ok = get(port, "app.test", "/public/after");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("a GET /public/after");
    assertThat(a.requests()).noneMatch(r -> r.uri().contains("smuggled"));
    assertThat(b.requests()).noneMatch(r -> r.uri().contains("smuggled"));
  }

  // A19: Expect: 100-continue

  @Test
  void a19_routedRequestGets100ThenTheBodyIsReadAndTheConnectionStaysInSync() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "POST /public/up HTTP/1.1\r\nHost: app.test\r\nExpect: 100-continue\r\n"
              + "Content-Length: 5\r\n\r\n");
      // The client waits, as it should: the 100 comes from the backend through the proxy.
      assertThat(http.read().status()).isEqualTo(100);
      http.send("hello");
      RawHttp.Response r = http.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("a POST /public/up");
      RawHttp.Response next = http.exchange("GET /public/next HTTP/1.1\r\nHost: app.test\r\n\r\n");
      assertThat(next.body()).isEqualTo("a GET /public/next");
    }
    assertThat(a.requests()).hasSize(2);
    assertThat(a.requests().get(0).bodyPrefix()).isEqualTo("hello");
    stillServes();
  }

  @Test
  void a19_bodySentWithoutWaitingIsForwardedOnceAndTheConnectionStaysInSync() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "POST /public/eager HTTP/1.1\r\nHost: app.test\r\nExpect: 100-continue\r\n"
              + "Content-Length: "
              + SMUGGLED.length()
              + "\r\n\r\n"
              + SMUGGLED);
      RawHttp.Response r = http.read();
      if (r.status() == 100) {
        r = http.read();
      }
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("a POST /public/eager");
      RawHttp.Response next = http.exchange("GET /public/next HTTP/1.1\r\nHost: app.test\r\n\r\n");
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.body()).isEqualTo("a GET /public/next");
    }
    // The body is data of the POST, never a second request.
    assertThat(a.requests())
        .extracting(r -> r.uri())
        .containsExactly("/public/eager", "/public/next");
    assertThat(a.requests().get(0).bodyPrefix()).isEqualTo(SMUGGLED);
    stillServes();
  }

  @Test
  void a19_localAnswerBeforeTheBodyIsFinalAndClosesTheConnection() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "POST /x HTTP/1.1\r\nHost: unknown.test\r\nExpect: 100-continue\r\n"
              + "Content-Length: "
              + SMUGGLED.length()
              + "\r\n\r\n");
      RawHttp.Response r = http.read();
      // No 100: the final status instead, and the connection cannot be reused since the body
      // the client may still send would otherwise be read as a request.
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.header("connection")).isEqualTo("close");
      http.send(SMUGGLED);
      assertThat(http.closedByPeer()).isTrue();
    }
    stillServes();
  }

  @Test
  void a19_localAnswerWithTheBodyAlreadySentNeverParsesTheBody() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST /x HTTP/1.1\r\nHost: unknown.test\r\nExpect: 100-continue\r\n"
                  + "Content-Length: "
                  + SMUGGLED.length()
                  + "\r\n\r\n"
                  + SMUGGLED);
      assertThat(r.status()).isEqualTo(404);
      // Either the body was drained (then keep-alive works) or the connection closed: never a
      // second response for the smuggled request.
      if (!"close".equals(r.header("connection"))) {
        RawHttp.Response next =
            http.exchange("GET /public/next HTTP/1.1\r\nHost: app.test\r\n\r\n");
        assertThat(next.body()).isEqualTo("a GET /public/next");
      } else {
        assertThat(http.closedByPeer()).isTrue();
      }
    }
    stillServes();
  }

  // D4: path parameters

  private RawHttp.Response fetch(String target) throws IOException {
    return get(port, "app.test", target);
  }

  @Test
  void d4_dotSegmentsCarryingParametersAreDotSegments() throws IOException {
    RawHttp.Response r = fetch("/public/..;/admin");
    // Never "matched /public, backend serves /admin": the admin route (origin b) decides.
    assertThat(r.body()).isEqualTo("b GET /admin");
    assertThat(fetch("/public/%2e%2e;x=1/admin").body()).isEqualTo("b GET /admin");
    assertThat(fetch("/public/.;x/file").body()).isEqualTo("a GET /public/file");
    assertThat(a.requests()).noneMatch(q -> q.uri().contains("admin"));
    stillServes();
  }

  @Test
  void d4_parametersAreRemovedFromEverySegmentBeforeMatchingAndForwarding() throws IOException {
    assertThat(fetch("/admin;x=1").body()).isEqualTo("b GET /admin");
    assertThat(fetch("/admin;jsessionid=abc/users").body()).isEqualTo("b GET /admin/users");
    assertThat(fetch("/api;v=1/admin").body()).isEqualTo("a GET /api/admin");
    // An encoded semicolon is data, not a delimiter; a query keeps its semicolons.
    assertThat(fetch("/public/file%3bv=1").body()).isEqualTo("a GET /public/file%3Bv=1");
    assertThat(fetch("/public/q?a=1;b=2").body()).isEqualTo("a GET /public/q?a=1;b=2");
    assertThat(fetch("/;x/public/p").body()).isEqualTo("a GET /public/p");
    stillServes();
  }

  // J3: PROXY protocol to a listener that does not accept it

  @Test
  void j3_proxyProtocolV1HeaderIs400AndClose() throws IOException {
    assertRejectedQuickly(
        "PROXY TCP4 192.0.2.1 192.0.2.2 56324 80\r\n"
            + "GET /public/smuggled HTTP/1.1\r\nHost: app.test\r\n\r\n");
    assertRejectedQuickly(
        "PROXY UNKNOWN\r\nGET /public/smuggled HTTP/1.1\r\nHost: app.test\r\n\r\n");
  }

  @Test
  void j3_proxyProtocolV2HeaderIs400AndCloseWithoutWaitingForItsLength() throws IOException {
    String signature = "\r\n\r\n\0\r\nQUIT\n";
    // Version 2, PROXY, TCP over IPv4, 12 address bytes.
    String v2 =
        signature
            + "\u0021\u0011\u0000\u000c"
            + "\u00c0\u0000\u0002\u0001".repeat(2)
            + "\u00dc\u0004\u0000\u0050";
    assertRejectedQuickly(v2 + "GET /public/smuggled HTTP/1.1\r\nHost: app.test\r\n\r\n");
    // A header announcing 64 KiB of TLVs that never come: rejected now, nothing buffered.
    assertRejectedQuickly(signature + "\u0021\u0011\u00ff\u00ff");
  }

  private void assertRejectedQuickly(String raw) throws IOException {
    long start = System.nanoTime();
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.exchange(raw);
      assertThat(r.status()).isEqualTo(400);
      assertThat(http.closedByPeer()).isTrue();
    }
    // Well before the 10 s head deadline: the bytes themselves are refused.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(a.requests()).isEmpty();
    stillServes();
    a.requests().clear();
  }
}
