package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.TestOrigin;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * Hostile-input tests (reliability-security.md §4): a listener routing everything to origin {@code
 * a}, and the check that a rejected request closed the connection, forwarded nothing smuggled, and
 * left the proxy serving.
 */
abstract class HostileTestBase extends ProxyTestBase {

  protected final int port = freePort();

  @BeforeEach
  void serveEverythingToA() {
    apply(gateway(listener(port, anyHost(route("all", prefix("/"), List.of(), List.of(to(a)))))));
  }

  /** Sends {@code raw} on a fresh connection; it must be answered with one of {@code statuses}. */
  protected RawHttp.Response assertRejected(String raw, Integer... statuses) throws IOException {
    RawHttp.Response response;
    try (RawHttp http = new RawHttp(port)) {
      response = http.exchange(raw);
      assertThat(response.status()).as("status for %s", printable(raw)).isIn((Object[]) statuses);
      assertThat(http.closedByPeer()).as("closed after %s", printable(raw)).isTrue();
    }
    assertNothingSmuggled(a);
    assertStillServes();
    return response;
  }

  /** No request whose target contains {@code smuggled} reached {@code origin}. */
  protected static void assertNothingSmuggled(TestOrigin origin) {
    assertThat(origin.requests()).noneMatch(r -> r.uri().contains("smuggled"));
    assertThat(origin.requests()).noneMatch(r -> r.bodyPrefix().contains("smuggled"));
  }

  /** A fresh, legitimate request is still answered by the origin. */
  protected void assertStillServes() throws IOException {
    RawHttp.Response ok = get(port, "ok.test", "/legit");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("a GET /legit");
  }

  static String printable(String raw) {
    return raw.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
  }
}
