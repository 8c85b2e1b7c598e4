package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.HttpFilterSpec.Cors;
import dev.sluice.ir.Route;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CORS filter against the conformance expectations (notes §2.11), over real sockets. */
class ProxyCorsTest extends ProxyTestBase {

  private static final String FOO = "https://www.foo.com";
  private int port;

  @BeforeEach
  void routes() {
    port = freePort();
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    cors(
                        "/cors-1",
                        new Cors(
                            List.of(FOO, "https://*.bar.com"),
                            List.of("GET", "OPTIONS"),
                            List.of("x-header-1", "x-header-2"),
                            List.of("x-header-3", "x-header-4"),
                            true,
                            Optional.of(Duration.ofSeconds(3600)))),
                    cors(
                        "/cors-2",
                        new Cors(
                            List.of(FOO),
                            List.of("*"),
                            List.of(),
                            List.of(),
                            false,
                            Optional.empty())),
                    cors(
                        "/cors-wildcard-origin",
                        new Cors(
                            List.of("*"),
                            List.of("PUT"),
                            List.of(),
                            List.of(),
                            false,
                            Optional.empty())),
                    cors(
                        "/cors-wildcard-methods-headers-unauth",
                        new Cors(
                            List.of("*"),
                            List.of("*"),
                            List.of("*"),
                            List.of(),
                            false,
                            Optional.empty())),
                    cors(
                        "/cors-wildcard-methods-headers",
                        new Cors(
                            List.of("*"),
                            List.of("*"),
                            List.of("*"),
                            List.of(),
                            true,
                            Optional.empty()))))));
  }

  @Test
  void preflightsFromAllowedOriginsAreAnsweredByTheGateway() throws IOException {
    for (String origin : List.of(FOO, "https://www.bar.com", "https://xpto.www.bar.com")) {
      RawHttp.Response r = preflight("/cors-1", origin, "GET", "x-header-1, x-header-2");
      assertThat(r.status()).isEqualTo(204);
      assertThat(r.header("access-control-allow-origin")).isEqualTo(origin);
      assertThat(items(r, "access-control-allow-methods"))
          .containsExactlyInAnyOrder("GET", "OPTIONS");
      assertThat(items(r, "access-control-allow-headers"))
          .containsExactlyInAnyOrder("x-header-1", "x-header-2");
      assertThat(items(r, "access-control-expose-headers"))
          .containsExactlyInAnyOrder("x-header-3", "x-header-4");
      assertThat(r.header("access-control-max-age")).isEqualTo("3600");
      assertThat(r.header("access-control-allow-credentials")).isEqualTo("true");
      assertThat(r.header("vary")).containsIgnoringCase("origin");
    }
    assertThat(a.requests()).isEmpty();
  }

  @Test
  void preflightFromADisallowedOriginGetsNoCorsHeadersAndIsNotForwarded() throws IOException {
    for (String origin : List.of("https://foobar.com", "https://bar.com", "http://www.bar.com")) {
      RawHttp.Response r = preflight("/cors-1", origin, "GET", "x-header-1");
      assertThat(r.status()).isEqualTo(204);
      assertThat(r.headers()).doesNotContainKey("access-control-allow-origin");
      assertThat(r.headers()).doesNotContainKey("access-control-allow-credentials");
    }
    assertThat(a.requests()).isEmpty();
  }

  @Test
  void simpleRequestsReachTheBackendWithCorsHeadersForAllowedOrigins() throws IOException {
    for (String origin : List.of(FOO, "https://www.bar.com")) {
      RawHttp.Response r = request("GET", "/cors-1", origin);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-origin")).isEqualTo("a");
      assertThat(r.header("access-control-allow-origin")).isEqualTo(origin);
      assertThat(r.header("access-control-allow-credentials")).isEqualTo("true");
      assertThat(items(r, "access-control-expose-headers"))
          .containsExactlyInAnyOrder("x-header-3", "x-header-4");
      assertThat(r.header("vary")).containsIgnoringCase("origin");
    }
    RawHttp.Response other = request("GET", "/cors-1", "https://foobar.com");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.headers()).doesNotContainKey("access-control-allow-origin");
    assertThat(other.header("vary")).containsIgnoringCase("origin");
    // A GET carrying access-control-request-method is not a preflight: all three were forwarded.
    assertThat(a.requests()).hasSize(3);
  }

  @Test
  void wildcardMethodsWithoutCredentials() throws IOException {
    for (int i = 0; i < 2; i++) {
      RawHttp.Response r = preflight("/cors-2", FOO, "POST", null);
      assertThat(r.header("access-control-allow-origin")).isEqualTo(FOO);
      assertThat(r.header("access-control-allow-methods")).isIn("POST", "*");
      assertThat(r.headers()).doesNotContainKey("access-control-allow-credentials");
      assertThat(r.header("access-control-max-age")).isEqualTo("5");
    }
    assertThat(a.requests()).isEmpty();
  }

  @Test
  void wildcardOrigin() throws IOException {
    for (String origin : List.of("https://foobar.com", "https://foobar.com:12345")) {
      RawHttp.Response r = preflight("/cors-wildcard-origin", origin, "PUT", null);
      assertThat(r.header("access-control-allow-origin")).isIn(origin, "*");
      assertThat(r.header("access-control-allow-methods")).isEqualTo("PUT");
      assertThat(r.headers()).doesNotContainKey("access-control-allow-credentials");

      RawHttp.Response put = request("PUT", "/cors-wildcard-origin", origin);
      assertThat(put.status()).isEqualTo(200);
      assertThat(put.header("x-origin")).isEqualTo("a");
      assertThat(put.header("access-control-allow-origin")).isIn(origin, "*");
      assertThat(put.headers()).doesNotContainKey("access-control-allow-credentials");
    }
    assertThat(a.requests()).extracting(rec -> rec.method()).containsExactly("PUT", "PUT");
  }

  @Test
  void wildcardMethodsAndHeadersWithCredentialsEchoTheRequest() throws IOException {
    String origin = "https://other.foo.com";
    RawHttp.Response r =
        preflight("/cors-wildcard-methods-headers", origin, "PUT", "x-header-1, x-header-2");
    assertThat(r.header("access-control-allow-origin")).isEqualTo(origin);
    assertThat(r.header("access-control-allow-methods")).isEqualTo("PUT");
    assertThat(items(r, "access-control-allow-headers"))
        .containsExactlyInAnyOrder("x-header-1", "x-header-2");
    assertThat(r.header("access-control-allow-credentials")).isEqualTo("true");

    RawHttp.Response get = request("GET", "/cors-wildcard-methods-headers", origin);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.header("access-control-allow-origin")).isEqualTo(origin);
    assertThat(get.header("access-control-allow-credentials")).isEqualTo("true");
  }

  @Test
  void wildcardMethodsAndHeadersWithoutCredentials() throws IOException {
    String origin = "https://other.foo.com";
    String path = "/cors-wildcard-methods-headers-unauth";
    RawHttp.Response r = preflight(path, origin, "PUT", "x-header-1, x-header-2");
    assertThat(r.header("access-control-allow-origin")).isIn(origin, "*");
    assertThat(r.header("access-control-allow-methods")).isIn("PUT", "*");
    assertThat(r.header("access-control-allow-headers").replace(" ", ""))
        .isIn("x-header-1,x-header-2", "*");
    assertThat(r.headers()).doesNotContainKey("access-control-allow-credentials");

    RawHttp.Response get = request("GET", path, origin);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.header("access-control-allow-origin")).isIn(origin, "*");
    assertThat(get.headers()).doesNotContainKey("access-control-allow-credentials");
    assertThat(a.requests()).hasSize(1);
  }

  private Route cors(String path, Cors spec) {
    return route(path, prefix(path), List.of(spec), List.of(to(a)));
  }

  private RawHttp.Response preflight(String path, String origin, String method, String headers)
      throws IOException {
    String extra = headers == null ? "" : "Access-Control-Request-Headers: " + headers + "\r\n";
    try (RawHttp http = new RawHttp(port)) {
      return http.exchange(
          "OPTIONS "
              + path
              + " HTTP/1.1\r\nHost: h\r\nOrigin: "
              + origin
              + "\r\nAccess-Control-Request-Method: "
              + method
              + "\r\n"
              + extra
              + "\r\n");
    }
  }

  private RawHttp.Response request(String method, String path, String origin) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.exchange(
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: h\r\nOrigin: "
              + origin
              + "\r\nAccess-Control-Request-Method: GET\r\n"
              + "Access-Control-Request-Headers: x-header-1\r\nContent-Length: 0\r\n\r\n");
    }
  }

  private static Set<String> items(RawHttp.Response r, String header) {
    String value = r.header(header);
    assertThat(value).as(header).isNotNull();
    return Arrays.stream(value.split(",")).map(String::strip).collect(Collectors.toSet());
  }
}
