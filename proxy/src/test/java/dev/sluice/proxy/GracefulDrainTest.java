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

import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.RawH2;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Close and listener removal drain in-flight requests, then refuse new connections. */
class GracefulDrainTest extends ProxyTestBase {

  private final int port = freePort();

  private void serve() {
    apply(gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))))));
  }

  private long slowArrived() {
    return a.requests().stream().filter(r -> r.uri().startsWith("/slow")).count();
  }

  @Test
  void closeLetsEveryInFlightRequestFinishWithConnectionCloseAndRefusesNewConnections()
      throws Exception {
    proxy.close();
    proxy = ProxyServer.create(new ProxyOptions(2, Duration.ofSeconds(2), Duration.ofSeconds(10)));
    serve();
    int inFlight = 5;
    List<RawHttp> clients = new ArrayList<>();
    for (int i = 0; i < inFlight; i++) {
      RawHttp c = new RawHttp(port);
      c.send("GET /slow/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
      clients.add(c);
    }
    RawHttp idle = new RawHttp(port);
    assertThat(idle.exchange("GET /idle HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
    Eventually.await(Duration.ofSeconds(5), () -> slowArrived() == inFlight, "slow requests");

    CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
    Eventually.await(Duration.ofSeconds(5), this::refused, "new connections refused");
    assertThat(idle.closedByPeer()).as("idle keep-alive connection closed at once").isTrue();
    assertThat(closing).isNotDone();

    a.releaseSlow();
    int completed = 0;
    for (RawHttp c : clients) {
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(c.closedByPeer()).isTrue();
      completed++;
      c.close();
    }
    assertThat(completed).isEqualTo(inFlight);
    closing.get(10, TimeUnit.SECONDS);
    idle.close();
  }

  @Test
  void drainTimeoutClosesWhatIsStillRunning() throws Exception {
    proxy.close();
    proxy = ProxyServer.create(new ProxyOptions(2, Duration.ofSeconds(2), Duration.ofMillis(500)));
    serve();
    try (RawHttp stuck = new RawHttp(port)) {
      stuck.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      Eventually.await(Duration.ofSeconds(5), () -> slowArrived() == 1, "slow request");
      long start = System.nanoTime();
      proxy.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(stuck.closedByPeer()).isTrue();
    }
    a.releaseSlow();
  }

  @Test
  void http2ConnectionGetsGoawayAndItsOpenStreamCompletes() throws Exception {
    serve();
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/slow/h2"), true);
      Eventually.await(Duration.ofSeconds(5), () -> slowArrived() == 1, "slow h2 request");
      CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
      RawH2.Frame goaway = h2.readUntil(RawH2.GOAWAY).orElseThrow();
      assertThat(goaway.errorCode()).isZero();
      a.releaseSlow();
      RawH2.Frame response = h2.readUntil(RawH2.HEADERS).orElseThrow();
      assertThat(response.stream()).isEqualTo(1);
      assertThat(h2.closedByPeer()).isTrue();
      closing.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void removingAListenerDrainsItsConnectionsAndKeepsOthersServing() throws Exception {
    int other = freePort();
    apply(
        gateway(
            listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(to(a))))),
            listener(other, anyHost(route("o", prefix("/"), List.of(), List.of(to(b)))))));
    try (RawHttp inFlight = new RawHttp(port)) {
      inFlight.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      Eventually.await(Duration.ofSeconds(5), () -> slowArrived() == 1, "slow request");
      apply(gateway(listener(other, anyHost(route("o", prefix("/"), List.of(), List.of(to(b)))))));
      assertThat(refused()).isTrue();
      a.releaseSlow();
      RawHttp.Response r = inFlight.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(inFlight.closedByPeer()).isTrue();
    }
    assertThat(get(other, "x", "/still").body()).isEqualTo("b GET /still");
  }

  private boolean refused() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void closeIsIdempotent() {
    proxy.close();
    proxy.close();
    assertThatThrownBy(() -> proxy.apply(dev.sluice.ir.GatewayIr.EMPTY))
        .isInstanceOf(IllegalStateException.class);
  }
}
