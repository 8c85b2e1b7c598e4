package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.toEndpoint;
import static dev.sluice.proxy.testing.Ir.withPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.RetryPolicy;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteTimeouts;
import dev.sluice.proxy.testing.H2Client;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.RetryOrigin;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Route timeouts and retries against a counting origin, over real sockets. */
class ProxyRetryTimeoutTest extends ProxyTestBase {

  private RetryOrigin origin;
  private int port;

  @BeforeEach
  void startOrigin() {
    origin = new RetryOrigin();
    port = freePort();
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    policy("/request-timeout", timeouts(300, 0), Optional.empty()),
                    policy("/no-request-timeout", timeouts(0, 0), Optional.empty()),
                    policy("/backend-timeout", timeouts(0, 300), Optional.empty()),
                    policy("/code-500-attempts-3", RouteTimeouts.NONE, retry(3, List.of(500), 0)),
                    policy(
                        "/code-500-backoff-100", RouteTimeouts.NONE, retry(3, List.of(500), 100)),
                    policy("/no-code-attempts-3", RouteTimeouts.NONE, retry(3, List.of(), 0)),
                    policy("/backend-timeout-retry", timeouts(0, 200), retry(2, List.of(), 0)),
                    policy(
                        "/request-timeout-retry",
                        timeouts(400, 200),
                        retry(5, List.of(500), 0))))));
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  @Test
  void requestTimeoutAnswers504AndZeroDisablesIt() throws IOException {
    RawHttp.Response slow =
        get(port, "h", "/request-timeout?key=" + key() + "&delayAll&delay=2000");
    assertThat(slow.status()).isEqualTo(504);
    assertThat(slow.header("content-type")).startsWith("text/plain");
    assertThat(slow.body()).startsWith("request timeout");

    assertThat(get(port, "h", "/request-timeout?key=" + key()).status()).isEqualTo(200);
    assertThat(get(port, "h", "/no-request-timeout?key=" + key() + "&delayAll&delay=500").status())
        .isEqualTo(200);
  }

  @Test
  void backendRequestTimeoutAnswers504() throws IOException {
    RawHttp.Response slow =
        get(port, "h", "/backend-timeout?key=" + key() + "&delayAll&delay=2000");
    assertThat(slow.status()).isEqualTo(504);
    assertThat(slow.body()).contains("did not respond within 300 ms");
    assertThat(get(port, "h", "/backend-timeout?key=" + key()).status()).isEqualTo(200);
  }

  @Test
  void requestTimeoutAfterTheHeadWasSentResetsTheClientConnection() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /request-timeout?key=" + key() + "&stall HTTP/1.1\r\nHost: h\r\n\r\n");
      // The 200 head and a chunk arrive, then the connection closes mid-body: the status could
      // no longer become 504.
      assertThatThrownBy(http::read).isInstanceOf(IOException.class);
    }
  }

  @Test
  void grpcRequestTimeoutIsDeadlineExceeded() throws Exception {
    try (H2Client client = new H2Client(port)) {
      FullHttpRequest request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              HttpMethod.POST,
              "/request-timeout?key=" + key() + "&delayAll&delay=2000");
      request.headers().set("content-type", "application/grpc").set("host", "h");
      FullHttpResponse response = client.exchange(request);
      try {
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get("grpc-status")).isEqualTo("4");
      } finally {
        response.release();
      }
    }
  }

  @Test
  void listedStatusIsRetriedUntilSuccess() throws IOException {
    String key = key();
    RawHttp.Response r = get(port, "h", "/code-500-attempts-3?key=" + key + "&fail=2&code=500");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).startsWith("ok GET");
    assertThat(origin.tries(key)).isEqualTo(3);
  }

  @Test
  void exhaustedRetriesRelayTheLastStatus() throws IOException {
    String key = key();
    RawHttp.Response r = get(port, "h", "/code-500-attempts-3?key=" + key + "&fail=4&code=500");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("failing with 500");
    assertThat(origin.tries(key)).isEqualTo(4);
  }

  @Test
  void unlistedStatusIsNotRetried() throws IOException {
    String key = key();
    assertThat(get(port, "h", "/code-500-attempts-3?key=" + key + "&fail=2&code=503").status())
        .isEqualTo(503);
    assertThat(origin.tries(key)).isEqualTo(1);
  }

  @Test
  void retriedResponsesKeepTheConnectionUsable() throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 0; i < 3; i++) {
        String target = "/code-500-attempts-3?key=" + key() + "&fail=1&code=500";
        assertThat(http.exchange("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n").status())
            .isEqualTo(200);
      }
    }
  }

  @Test
  void backoffSeparatesTries() throws IOException {
    String key = key();
    long start = System.nanoTime();
    assertThat(get(port, "h", "/code-500-backoff-100?key=" + key + "&fail=2&code=500").status())
        .isEqualTo(200);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    List<Long> arrivals = origin.arrivals(key);
    assertThat(arrivals).hasSize(3);
    for (int i = 1; i < arrivals.size(); i++) {
      // 10 ms of slack for timer granularity; the backoff is 100 ms.
      assertThat((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000).isGreaterThanOrEqualTo(90);
    }
    assertThat(elapsedMs).isGreaterThanOrEqualTo(190);
  }

  @Test
  void connectionResetsAreRetriedThen503() throws IOException {
    String key = key();
    assertThat(get(port, "h", "/no-code-attempts-3?key=" + key + "&fail=2").status())
        .isEqualTo(200);
    assertThat(origin.tries(key)).isEqualTo(3);

    String exhausted = key();
    RawHttp.Response r = get(port, "h", "/no-code-attempts-3?key=" + exhausted + "&fail=4");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body()).contains("4 tries");
    assertThat(origin.tries(exhausted)).isEqualTo(4);
  }

  @Test
  void postWhoseBodyWasSentIsNotRetriedAfterAReset() throws IOException {
    String key = key();
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r =
          http.exchange(
              "POST /no-code-attempts-3?key="
                  + key
                  + "&fail=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
      assertThat(r.status()).isEqualTo(502);
    }
    assertThat(origin.tries(key)).isEqualTo(1);
  }

  @Test
  void emptyPostIsNotRetriedAfterAResetNorOnAListedStatus() throws IOException {
    String reset = key();
    String post = "POST %s HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n";
    try (RawHttp http = new RawHttp(port)) {
      String target = "/no-code-attempts-3?key=" + reset + "&fail=1";
      assertThat(http.exchange(post.formatted(target)).status()).isEqualTo(502);
    }
    assertThat(origin.tries(reset)).isEqualTo(1);

    String listed = key();
    try (RawHttp http = new RawHttp(port)) {
      String target = "/code-500-attempts-3?key=" + listed + "&fail=1&code=500";
      // The backend answered: it may have applied the POST, so its 500 is relayed, not retried.
      assertThat(http.exchange(post.formatted(target)).status()).isEqualTo(500);
    }
    assertThat(origin.tries(listed)).isEqualTo(1);
  }

  @Test
  void backendTimeoutsAreRetried() throws IOException {
    String key = key();
    // attempts 2 = three tries: two time out (the origin answers them after 300 ms), one succeeds.
    assertThat(get(port, "h", "/backend-timeout-retry?key=" + key + "&fail=2&code=500&delay=300"))
        .satisfies(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(origin.tries(key)).isEqualTo(3);

    String exhausted = key();
    assertThat(
            get(port, "h", "/backend-timeout-retry?key=" + exhausted + "&fail=3&code=500&delay=300")
                .status())
        .isEqualTo(504);
  }

  @Test
  void requestTimeoutCoversAllTries() throws IOException {
    assertThat(get(port, "h", "/request-timeout-retry?key=" + key() + "&fail=1&code=500").status())
        .isEqualTo(200);
    RawHttp.Response r =
        get(port, "h", "/request-timeout-retry?key=" + key() + "&fail=4&code=500&delay=100");
    assertThat(r.status()).isEqualTo(504);
    assertThat(r.body()).startsWith("request timeout");
  }

  @Test
  void refusedConnectionsAreRetriedOnABackendChosenAgain() throws IOException {
    Endpoint dead = new Endpoint("127.0.0.1", freePort());
    int other = freePort();
    BackendRef alive =
        new BackendRef(
            new dev.sluice.ir.Backend.Service("default/retry", List.of(origin.endpoint())),
            1,
            List.of());
    apply(
        gateway(
            listener(
                other,
                anyHost(
                    withPolicy(
                        route("r", prefix("/"), List.of(), List.of(toEndpoint(dead), alive)),
                        RouteTimeouts.NONE,
                        retry(30, List.of(), 0))))));
    for (int i = 0; i < 5; i++) {
      assertThat(get(other, "h", "/?key=" + key()).status()).isEqualTo(200);
    }
  }

  private Route policy(String path, RouteTimeouts timeouts, Optional<RetryPolicy> retry) {
    BackendRef ref =
        new BackendRef(
            new dev.sluice.ir.Backend.Service("default/retry", List.of(origin.endpoint())),
            1,
            List.of());
    return withPolicy(route(path, prefix(path), List.of(), List.of(ref)), timeouts, retry);
  }

  private static RouteTimeouts timeouts(long requestMs, long backendMs) {
    return new RouteTimeouts(
        Optional.of(Duration.ofMillis(requestMs)), Optional.of(Duration.ofMillis(backendMs)));
  }

  private static Optional<RetryPolicy> retry(int attempts, List<Integer> codes, long backoffMs) {
    return Optional.of(
        new RetryPolicy(
            attempts,
            codes,
            backoffMs == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(backoffMs))));
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }
}
