package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.exact;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.toEndpoint;
import static dev.sluice.proxy.testing.Ir.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.TestOrigin;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyRoutingTest extends ProxyTestBase {

  @Test
  void routesByPrecedenceAndHostEndToEnd() throws IOException {
    int port = freePort();
    apply(
        gateway(
            listener(
                port,
                vhost(
                    Optional.of("*.example.com"),
                    route("wild", prefix("/"), List.of(), List.of(to(b)))),
                anyHost(
                    route("root", prefix("/"), List.of(), List.of(to(a))),
                    route("api", prefix("/api"), List.of(), List.of(to(b))),
                    route("exact", exact("/api/exact"), List.of(), List.of(to(a)))))));

    assertThat(get(port, "other.test", "/x").body()).isEqualTo("a GET /x");
    assertThat(get(port, "other.test", "/api/v1?q=1").body()).isEqualTo("b GET /api/v1?q=1");
    assertThat(get(port, "other.test", "/api/exact").body()).isEqualTo("a GET /api/exact");
    assertThat(get(port, "other.test", "/apix").body()).isEqualTo("a GET /apix");
    assertThat(get(port, "Shop.Example.com:" + port, "/x").body()).isEqualTo("b GET /x");
  }

  @Test
  void noRouteIs404WithReason() throws IOException {
    int port = freePort();
    apply(
        gateway(
            listener(
                port,
                vhost(
                    Optional.of("a.test"),
                    route("r", exact("/only"), List.of(), List.of(to(a)))))));

    RawHttp.Response response = get(port, "a.test", "/other");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("content-type")).startsWith("text/plain");
    assertThat(response.body()).isEqualTo("no route for host a.test path /other\n");
    assertThat(get(port, "b.test", "/only").status()).isEqualTo(404);
  }

  @Test
  void backendErrorsMapToStatusesWithReasons() throws IOException {
    int port = freePort();
    Endpoint dead = new Endpoint("127.0.0.1", freePort());
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route(
                        "invalid",
                        prefix("/invalid"),
                        List.of(),
                        List.of(
                            new BackendRef(
                                new Backend.Invalid("service default/x not found"), 1, List.of()))),
                    route("none", prefix("/none"), List.of(), List.of()),
                    route("zero", prefix("/zero"), List.of(), List.of(to(a, 0))),
                    route(
                        "empty",
                        prefix("/empty"),
                        List.of(),
                        List.of(
                            new BackendRef(
                                new Backend.Service("default/empty:80", List.of()), 1, List.of()))),
                    route("refused", prefix("/refused"), List.of(), List.of(toEndpoint(dead))),
                    route("reset", prefix("/reset"), List.of(), List.of(to(a)))))));

    assertThat(get(port, "h", "/invalid"))
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(500);
              assertThat(r.body()).contains("service default/x not found");
            });
    assertThat(get(port, "h", "/none"))
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(500);
              assertThat(r.body()).contains("default/none").contains("has no backends");
            });
    assertThat(get(port, "h", "/zero"))
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(500);
              assertThat(r.body()).contains("weight 0");
            });
    assertThat(get(port, "h", "/empty"))
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.body()).contains("no endpoints for service default/empty:80");
            });
    assertThat(get(port, "h", "/refused"))
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.body()).contains(dead.toString()).contains("connection refused");
            });
    assertThat(get(port, "h", "/reset"))
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(502);
              assertThat(r.body()).contains("closed the connection before responding");
            });
    assertThat(a.requests()).isEmpty();
  }

  @Test
  void hostWithPortPassesThroughAndForwardedHeadersAreSet() throws IOException {
    int port = freePort();
    apply(gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))))));

    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response response =
          http.exchange(
              "GET /h HTTP/1.1\r\nHost: Foo.Example.com:8443\r\nX-Forwarded-For: 10.0.0.1\r\n"
                  + "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\nProxy-Authorization: x\r\n\r\n");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("x-origin")).isEqualTo("a");
    }
    TestOrigin.Recorded seen = a.requests().getFirst();
    assertThat(seen.headers().get("host")).isEqualTo("Foo.Example.com:8443");
    assertThat(seen.headers().get("x-forwarded-for")).isEqualTo("10.0.0.1, 127.0.0.1");
    assertThat(seen.headers().get("x-forwarded-proto")).isEqualTo("http");
    assertThat(seen.headers().contains("x-hop")).isFalse();
    assertThat(seen.headers().contains("proxy-authorization")).isFalse();
  }

  @Test
  void weightsSplitTrafficAndWeightZeroGetsNone() throws IOException {
    int port = freePort();
    try (TestOrigin c = new TestOrigin("c")) {
      apply(
          gateway(
              listener(
                  port,
                  anyHost(
                      route("w", prefix("/"), List.of(), List.of(to(a, 1), to(b, 3), to(c, 0)))))));
      try (RawHttp http = new RawHttp(port)) {
        for (int i = 0; i < 400; i++) {
          http.exchange("GET /w HTTP/1.1\r\nHost: h\r\n\r\n");
        }
      }
      assertThat(c.requests()).isEmpty();
      assertThat(a.requests().size() + b.requests().size()).isEqualTo(400);
      // Expected 100 / 300; the bounds are about 5 standard deviations wide.
      assertThat(a.requests().size()).isBetween(60, 140);
    }
  }
}
