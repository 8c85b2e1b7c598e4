package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.vhost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Class C of reliability-security.md §4: Host and authority. (C5, SNI ≠ Host → 421, is pinned in
 * {@code ProxyTlsTest}.)
 */
class HostAuthorityTest extends HostileTestBase {

  @Test
  void c1_http11WithoutHost() throws IOException {
    assertRejected("GET / HTTP/1.1\r\n\r\n", 400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Host: a.test\r\nHost: b.test",
        "Host: a.test, b.test",
        "Host: user@a.test",
        "Host: a.test/path",
        "Host: "
      })
  void c2_duplicateListedOrMalformedHost(String hosts) throws IOException {
    assertRejected("GET / HTTP/1.1\r\n" + hosts + "\r\n\r\n", 400);
  }

  @Test
  void c3_absoluteFormTargetWinsOverHostForRoutingAndForwarding() throws IOException {
    apply(
        gateway(
            listener(
                port,
                vhost(Optional.of("a.test"), route("ra", prefix("/"), List.of(), List.of(to(a)))),
                vhost(
                    Optional.of("b.test"), route("rb", prefix("/"), List.of(), List.of(to(b)))))));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.exchange("GET http://a.test/abs HTTP/1.1\r\nHost: b.test\r\n\r\n");
      assertThat(r.body()).isEqualTo("a GET /abs");
    }
    assertThat(b.requests()).isEmpty();
    assertThat(a.requests().get(0).headers().get("host")).isEqualTo("a.test");
  }

  @Test
  void c3_absoluteFormWithUserinfoIsRejected() throws IOException {
    assertRejected("GET http://evil@a.test/ HTTP/1.1\r\nHost: a.test\r\n\r\n", 400);
  }

  @Test
  void c7_hostCaseAndPortVariantsMatchTheSameVirtualHost() throws IOException {
    apply(
        gateway(
            listener(
                port,
                vhost(Optional.of("a.test"), route("ra", prefix("/"), List.of(), List.of(to(b)))),
                anyHost(route("rest", prefix("/"), List.of(), List.of(to(a)))))));
    assertThat(get(port, "A.TEST", "/1").body()).isEqualTo("b GET /1");
    assertThat(get(port, "a.test:" + port, "/2").body()).isEqualTo("b GET /2");
  }
}
