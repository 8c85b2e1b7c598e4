package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.RouteMatch;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyApplyTest extends ProxyTestBase {

  @Test
  void routeChangeDoesNotDisturbAnInFlightRequest() throws Exception {
    int port = freePort();
    apply(gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))))));
    try (RawHttp slow = new RawHttp(port)) {
      CompletableFuture<RawHttp.Response> inFlight =
          CompletableFuture.supplyAsync(
              () -> exchange(slow, "GET /slow HTTP/1.1\r\nHost: h\r\n\r\n"));
      a.slowArrived().get(5, TimeUnit.SECONDS);

      apply(gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(to(b)))))));
      assertThat(get(port, "h", "/now").body()).isEqualTo("b GET /now");
      a.releaseSlow();

      assertThat(inFlight.get(5, TimeUnit.SECONDS).body()).isEqualTo("a GET /slow");
      // The same client connection keeps working and now follows the new snapshot.
      assertThat(slow.exchange("GET /next HTTP/1.1\r\nHost: h\r\n\r\n").body())
          .isEqualTo("b GET /next");
    }
  }

  @Test
  void removingAListenerClosesOnlyThatSocket() throws IOException {
    int kept = freePort();
    int removed = freePort();
    var keptListener = listener(kept, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))));
    apply(
        gateway(
            keptListener,
            listener(removed, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))))));
    try (RawHttp open = new RawHttp(kept)) {
      assertThat(open.exchange("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n").status()).isEqualTo(200);

      ApplyResult result = apply(gateway(keptListener));

      assertThat(result.bindings())
          .extracting(ListenerBinding::listenerName)
          .containsExactly("127.0.0.1:" + kept);
      assertThat(servesOrigin(removed)).isFalse();
      // The connection opened before the change is still served.
      assertThat(open.exchange("GET /2 HTTP/1.1\r\nHost: h\r\n\r\n").status()).isEqualTo(200);
    }
    assertThat(proxy.currentIr()).isEqualTo(gateway(keptListener));
  }

  @Test
  void portInUseIsReportedAndOtherListenersServe() throws Exception {
    int good = freePort();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int busy = taken.getLocalPort();
      ApplyResult result =
          proxy.apply(
              gateway(
                  listener(busy, anyHost(route("r", prefix("/"), List.of(), List.of(to(a))))),
                  listener(good, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))))));

      assertThat(result.bindings()).hasSize(2);
      assertThat(result.bindings().get(0).error())
          .hasValueSatisfying(e -> assertThat(e).contains(String.valueOf(busy)));
      assertThat(result.bindings().get(1))
          .isEqualTo(new ListenerBinding("127.0.0.1:" + good, "127.0.0.1", good, Optional.empty()));
      assertThat(get(good, "h", "/ok").status()).isEqualTo(200);
    }
  }

  @Test
  void invalidIrIsRejectedAndTheOldSnapshotStays() throws IOException {
    int port = freePort();
    GatewayIr good =
        gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(to(a))))));
    apply(good);
    RouteMatch badRegex =
        new RouteMatch(PathMatch.regex("/[a-"), Optional.empty(), List.of(), List.of());
    GatewayIr bad =
        gateway(listener(port, anyHost(route("broken", badRegex, List.of(), List.of(to(b))))));

    assertThatThrownBy(() -> proxy.apply(bad))
        .isInstanceOfSatisfying(
            SnapshotCompileException.class,
            e -> {
              assertThat(e.field()).isEqualTo("match.path.value");
              assertThat(e.route())
                  .hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("broken"));
            });
    assertThat(proxy.currentIr()).isEqualTo(good);
    assertThat(get(port, "h", "/x").body()).isEqualTo("a GET /x");
  }

  /**
   * Whether {@code port} still routes to our origins. On a shared machine another process may bind
   * the freed port, so a successful connect alone proves nothing.
   */
  private static boolean servesOrigin(int port) {
    try (RawHttp http = new RawHttp(port)) {
      return http.exchange("GET /probe HTTP/1.1\r\nHost: h\r\n\r\n").body().startsWith("a GET");
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static RawHttp.Response exchange(RawHttp http, String raw) {
    try {
      return http.exchange(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
