package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.withPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.RetryPolicy;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteTimeouts;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.RetryOrigin;
import dev.sluice.proxy.upstream.UpstreamPools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Upstream resilience (reliability-security.md §4 L8–L11): retry budget, circuit-breaker overflow,
 * outlier ejection, blackholed and refused upstreams — each over real sockets, each followed by a
 * legitimate request that must still be served.
 */
class ResilienceTest extends ProxyTestBase {

  private static final String OVERLOADED = "x-sluice-overloaded";
  private final int port = freePort();

  @Test
  void l8_retryStormAgainstAnAll503UpstreamIsBoundedByTheRetryBudget() throws Exception {
    try (RetryOrigin origin = new RetryOrigin()) {
      Backend.Service service = new Backend.Service("default/storm:80", List.of(origin.endpoint()));
      serve(withPolicy(routeTo("/", service), RouteTimeouts.NONE, retry503(10)));
      int clients = 20;
      List<String> keys = new ArrayList<>();
      List<Future<RawHttp.Response>> responses = new ArrayList<>();
      long start = System.nanoTime();
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < clients; i++) {
          String key = UUID.randomUUID().toString();
          keys.add(key);
          responses.add(
              executor.submit(
                  () -> get(port, "h", "/?key=" + key + "&fail=999&code=503&delay=100")));
        }
        for (Future<RawHttp.Response> response : responses) {
          assertThat(response.get().status()).isEqualTo(503);
        }
      }
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      int tries = keys.stream().mapToInt(origin::tries).sum();
      // Unbounded, 20 clients × 11 tries of 100 ms each would be 220 tries over 1.1 s.
      assertThat(tries - clients).as("retries").isLessThanOrEqualTo(30);
      assertThat(maxOverlappingRetries(origin, keys, 100)).isLessThanOrEqualTo(4);
      assertThat(responses)
          .as("refused retries are marked as overload")
          .anyMatch(r -> "true".equals(r.resultNow().header(OVERLOADED)));
      assertThat(elapsedMs).isLessThan(3_000);

      RawHttp.Response next = get(port, "h", "/?key=" + UUID.randomUUID() + "&fail=0");
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.header(OVERLOADED)).isNull();
    }
  }

  @Test
  void l9_requestsBeyondTheBackendCapGetAnImmediateMarked503() throws Exception {
    try (ResilienceOrigin slow = new ResilienceOrigin(200, true)) {
      serve(routeTo("/", new Backend.Service("default/slow:80", List.of(slow.endpoint()))));
      try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<RawHttp.Response>> first = burst(executor, 2000);
        awaitState(
            Duration.ofSeconds(8),
            () -> slow.requests() == 1024 && done(first) == 976,
            () ->
                slow.requests()
                    + " requests at the backend (expected 1024), "
                    + done(first)
                    + " answered (expected 976), "
                    + slow.mostOpenConnections()
                    + " connections");
        assertThat(first.stream().filter(Future::isDone))
            .allSatisfy(
                f -> {
                  assertThat(f.resultNow().status()).isEqualTo(503);
                  assertThat(f.resultNow().header(OVERLOADED)).isEqualTo("true");
                });
        assertThat(slow.mostOpenConnections()).isLessThanOrEqualTo(1024);
        slow.release();
        for (Future<RawHttp.Response> f : first) {
          assertThat(f.get().status()).isIn(200, 503);
        }
        assertThat(first).filteredOn(f -> f.resultNow().status() == 200).hasSize(1024);

        // Every slot came back: a second wave of 1024 is admitted whole.
        Eventually.await(
            Duration.ofSeconds(5),
            () -> slow.openConnections() <= 2 * UpstreamPools.maxIdlePerLoop(1024, 2),
            "surplus pooled connections closed");
        List<Future<RawHttp.Response>> second = burst(executor, 1024);
        Eventually.await(
            Duration.ofSeconds(8), () -> slow.requests() == 2048, "second wave at the backend");
        assertThat(done(second)).isZero();
        slow.release();
        for (Future<RawHttp.Response> f : second) {
          assertThat(f.get().status()).isEqualTo(200);
        }
      }
    }
  }

  @Test
  void l10_anEndpointAnswering500IsEjectedAfterFiveConsecutiveFailures() throws IOException {
    try (ResilienceOrigin bad = new ResilienceOrigin(500, false)) {
      Backend.Service service =
          new Backend.Service(
              "default/three:80", List.of(a.endpoint(), bad.endpoint(), b.endpoint()));
      serve(routeTo("/", service));
      int failures = 0;
      for (int i = 0; i < 500 && bad.requests() < 5; i++) {
        if (get(port, "h", "/x").status() == 500) {
          failures++;
        }
      }
      assertThat(failures).isEqualTo(5);
      for (int i = 0; i < 60; i++) {
        assertThat(get(port, "h", "/x").status()).isEqualTo(200);
      }
      assertThat(bad.requests()).as("no traffic while ejected").isEqualTo(5);
      assertThat(a.requests()).isNotEmpty();
      assertThat(b.requests()).isNotEmpty();
    }
  }

  @Test
  void l11_anUpstreamThatNeverAnswersGets504AtTheRouteOrTryTimeout() throws IOException {
    try (ResilienceOrigin blackhole = new ResilienceOrigin(200, true)) {
      Backend.Service service =
          new Backend.Service("default/blackhole:80", List.of(blackhole.endpoint()));
      serve(
          withPolicy(routeTo("/request", service), timeouts(300, 0), Optional.empty()),
          withPolicy(routeTo("/try", service), timeouts(0, 300), retryOnReset(1)),
          route("legit", prefix("/legit"), List.of(), List.of(to(a))));
      long start = System.nanoTime();
      RawHttp.Response request = get(port, "h", "/request");
      assertThat(request.status()).isEqualTo(504);
      assertThat(request.body()).startsWith("request timeout");
      RawHttp.Response perTry = get(port, "h", "/try");
      assertThat(perTry.status()).isEqualTo(504);
      assertThat(perTry.body()).contains("did not respond within 300 ms");
      assertThat(blackhole.requests()).as("the try was retried once").isEqualTo(3);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
      assertStillServes();
    }
  }

  @Test
  void l11_aClosedPortIsAnImmediate503() throws IOException {
    Endpoint closed = new Endpoint("127.0.0.1", freePort());
    serve(
        routeTo("/", new Backend.Service("default/closed:80", List.of(closed))),
        route("legit", prefix("/legit"), List.of(), List.of(to(a))));
    long start = System.nanoTime();
    RawHttp.Response r = get(port, "h", "/x");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body()).contains("connection refused");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    assertStillServes();
  }

  @Test
  void l11_aConnectThatNeverCompletesIs503AtTheConnectTimeout() throws IOException {
    try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        AcceptQueue queue = AcceptQueue.fill(full)) {
      Endpoint blackholed = new Endpoint("127.0.0.1", full.getLocalPort());
      serve(
          routeTo("/", new Backend.Service("default/syn-drop:80", List.of(blackholed))),
          route("legit", prefix("/legit"), List.of(), List.of(to(a))));
      long start = System.nanoTime();
      RawHttp.Response r = get(port, "h", "/x");
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).contains("connect timeout");
      // ProxyTestBase configures a 2 s connect timeout.
      assertThat(elapsedMs).isBetween(1_800L, 5_000L);
      assertThat(queue.size()).isPositive();
      assertStillServes();
    }
  }

  @Test
  void connectTimeoutDefaultsToFiveSecondsLikeEnvoy() {
    assertThat(ProxyOptions.defaults().upstreamConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  /** Client sockets that fill a never-accepting listener's accept queue, so SYNs are dropped. */
  private record AcceptQueue(List<Socket> sockets) implements AutoCloseable {
    static AcceptQueue fill(ServerSocket listener) throws IOException {
      List<Socket> sockets = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Socket socket = new Socket();
        try {
          socket.connect(
              new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 300);
          sockets.add(socket);
        } catch (SocketTimeoutException full) {
          socket.close();
          return new AcceptQueue(sockets);
        }
      }
      throw new IllegalStateException("accept queue of " + listener + " never filled up");
    }

    int size() {
      return sockets.size();
    }

    @Override
    public void close() throws IOException {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  private void serve(Route... routes) {
    apply(gateway(listener(port, anyHost(routes))));
  }

  private void assertStillServes() throws IOException {
    RawHttp.Response ok = get(port, "h", "/legit");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("a GET /legit");
  }

  private static Route routeTo(String path, Backend.Service service) {
    return route(
        "r" + path.replace('/', '-'),
        prefix(path),
        List.of(),
        List.of(new BackendRef(service, 1, List.of())));
  }

  /**
   * Opens {@code n} connections one after the other (a connect storm would only measure SYN
   * retransmits), sends a request on each, and reads each response on a virtual thread.
   */
  private List<Future<RawHttp.Response>> burst(ExecutorService executor, int n) throws IOException {
    List<Future<RawHttp.Response>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RawHttp http = new RawHttp(port);
      http.send("GET /wave-" + i + " HTTP/1.1\r\nHost: h\r\n\r\n");
      futures.add(
          executor.submit(
              () -> {
                try (http) {
                  return http.read();
                }
              }));
    }
    return futures;
  }

  /** Waits for {@code condition}; the failure message describes the state at the deadline. */
  private static void awaitState(
      Duration timeout,
      java.util.function.BooleanSupplier condition,
      java.util.function.Supplier<String> state) {
    try {
      Eventually.await(timeout, condition, "condition");
    } catch (AssertionError e) {
      throw new AssertionError("timed out after " + timeout + ": " + state.get(), e);
    }
  }

  private static long done(List<Future<RawHttp.Response>> futures) {
    return futures.stream().filter(Future::isDone).count();
  }

  /** The most retries (tries after a key's first) the origin was handling at one instant. */
  private static int maxOverlappingRetries(RetryOrigin origin, List<String> keys, long holdMs) {
    List<Long> retries = new ArrayList<>();
    for (String key : keys) {
      List<Long> arrivals = origin.arrivals(key);
      retries.addAll(arrivals.subList(Math.min(1, arrivals.size()), arrivals.size()));
    }
    long hold = holdMs * 1_000_000;
    int most = 0;
    for (long at : retries) {
      int overlapping = 0;
      for (long other : retries) {
        if (other <= at && at < other + hold) {
          overlapping++;
        }
      }
      most = Math.max(most, overlapping);
    }
    return most;
  }

  private static Optional<RetryPolicy> retry503(int attempts) {
    return Optional.of(new RetryPolicy(attempts, List.of(503), Optional.empty()));
  }

  private static Optional<RetryPolicy> retryOnReset(int attempts) {
    return Optional.of(new RetryPolicy(attempts, List.of(), Optional.empty()));
  }

  private static RouteTimeouts timeouts(long requestMs, long backendMs) {
    return new RouteTimeouts(
        Optional.of(Duration.ofMillis(requestMs)), Optional.of(Duration.ofMillis(backendMs)));
  }
}
