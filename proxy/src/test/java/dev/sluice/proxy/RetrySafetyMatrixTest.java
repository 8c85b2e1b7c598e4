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

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.RetryPolicy;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteTimeouts;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.RetryOrigin;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * L7 of reliability-security.md §4: the retry-safety matrix of §6.3, for GET, PUT, POST and PATCH,
 * each with and without an {@code Idempotency-Key} header, against an origin that counts the copies
 * of each request it received. Every route allows retries, so only the safety rules decide.
 *
 * <p>Sluice does not treat {@code Idempotency-Key} as permission to repeat a POST or PATCH: the key
 * is the backend's contract, and the proxy cannot know the backend honours it. The column is there
 * to prove that the header changes nothing.
 */
class RetrySafetyMatrixTest extends ProxyTestBase {

  private static final Set<String> IDEMPOTENT = Set.of("GET", "PUT");

  private RetryOrigin origin;
  private int port;

  @BeforeEach
  void routes() {
    origin = new RetryOrigin();
    port = freePort();
    Endpoint dead = new Endpoint("127.0.0.1", freePort());
    BackendRef alive = new BackendRef(service(), 1, List.of());
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    policy("/reset", List.of(alive), RouteTimeouts.NONE, 2),
                    policy("/per-try-timeout", List.of(alive), timeouts(0, 200), 2),
                    policy("/after-headers", List.of(alive), timeouts(300, 0), 2),
                    withPolicy(
                        route("/status", prefix("/status"), List.of(), List.of(alive)),
                        RouteTimeouts.NONE,
                        Optional.of(new RetryPolicy(2, List.of(500), Optional.empty()))),
                    // Each try picks a backend at random: enough retries that one finds the live
                    // one (the chance of 31 dead picks in a row is 2^-31).
                    policy(
                        "/refused", List.of(toEndpoint(dead), alive), RouteTimeouts.NONE, 30)))));
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  static Stream<Arguments> methods() {
    return Stream.of("GET", "PUT", "POST", "PATCH")
        .flatMap(m -> Stream.of(Arguments.of(m, false), Arguments.of(m, true)));
  }

  static Stream<Arguments> methodsWithBodies() {
    return methods().filter(a -> !a.get()[0].equals("GET"));
  }

  /** Row 1: connect refused, any method: another host serves it, the origin sees one copy. */
  @ParameterizedTest(name = "{0} idempotency-key={1}")
  @MethodSource("methods")
  void connectRefusedIsRetriedForAnyMethod(String method, boolean idempotencyKey)
      throws IOException {
    for (int i = 0; i < 4; i++) {
      String key = key();
      String body = method.equals("GET") ? "" : "body!";
      RawHttp.Response r = send(method, "/refused?key=" + key, idempotencyKey, body);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).startsWith("ok " + method);
      assertThat(origin.tries(key)).isEqualTo(1);
    }
  }

  /**
   * Row 4: reset after the request was written, before a response: GET and PUT are repeated and
   * succeed; POST and PATCH get 502 and reach the origin once.
   */
  @ParameterizedTest(name = "{0} idempotency-key={1}")
  @MethodSource("methods")
  void resetAfterTheRequestWasWrittenIsRetriedForIdempotentMethodsOnly(
      String method, boolean idempotencyKey) throws IOException {
    String key = key();
    RawHttp.Response r = send(method, "/reset?key=" + key + "&fail=1", idempotencyKey, "");

    if (IDEMPOTENT.contains(method)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(origin.tries(key)).isEqualTo(2);
    } else {
      assertThat(r.status()).isEqualTo(502);
      assertThat(origin.tries(key)).isEqualTo(1);
    }
  }

  /**
   * Row 5: the per-try (backend request) timeout expires before response headers: GET and PUT are
   * retried; POST and PATCH get 504 and reach the origin once.
   */
  @ParameterizedTest(name = "{0} idempotency-key={1}")
  @MethodSource("methods")
  void perTryTimeoutIsRetriedForIdempotentMethodsOnly(String method, boolean idempotencyKey)
      throws IOException {
    String key = key();
    String target = "/per-try-timeout?key=" + key + "&fail=1&code=500&delay=400";
    RawHttp.Response r = send(method, target, idempotencyKey, "");

    if (IDEMPOTENT.contains(method)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(origin.tries(key)).isEqualTo(2);
    } else {
      assertThat(r.status()).isEqualTo(504);
      assertThat(origin.tries(key)).isEqualTo(1);
    }
  }

  /**
   * A status listed in the route's retry codes: the backend answered, so it may have applied the
   * request; GET and PUT are repeated, POST and PATCH get the backend's answer after one copy.
   */
  @ParameterizedTest(name = "{0} idempotency-key={1}")
  @MethodSource("methods")
  void retryCodesRepeatIdempotentMethodsOnly(String method, boolean idempotencyKey)
      throws IOException {
    String key = key();
    RawHttp.Response r =
        send(method, "/status?key=" + key + "&fail=1&code=500", idempotencyKey, "");

    if (IDEMPOTENT.contains(method)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(origin.tries(key)).isEqualTo(2);
    } else {
      assertThat(r.status()).isEqualTo(500);
      assertThat(origin.tries(key)).isEqualTo(1);
    }
  }

  /**
   * Row 6: once response headers went downstream nothing is retried: the client sees the response
   * cut short, and the origin saw one copy.
   */
  @ParameterizedTest(name = "{0} idempotency-key={1}")
  @MethodSource("methods")
  void afterResponseHeadersNothingIsRetried(String method, boolean idempotencyKey)
      throws IOException {
    String key = key();
    try (RawHttp http = new RawHttp(port)) {
      http.send(request(method, "/after-headers?key=" + key + "&stall", idempotencyKey, ""));
      assertThatThrownBy(http::read).isInstanceOf(IOException.class);
    }
    assertThat(origin.tries(key)).isEqualTo(1);
  }

  /**
   * Row 7: a request whose body went upstream (bodies are streamed, never buffered for replay) is
   * not repeated, even with an idempotent method: 502, one copy.
   */
  @ParameterizedTest(name = "{0} idempotency-key={1}")
  @MethodSource("methodsWithBodies")
  void requestWhoseBodyWasStreamedIsNeverRetried(String method, boolean idempotencyKey)
      throws IOException {
    String key = key();
    RawHttp.Response r = send(method, "/reset?key=" + key + "&fail=1", idempotencyKey, "hello");

    assertThat(r.status()).isEqualTo(502);
    assertThat(origin.tries(key)).isEqualTo(1);
  }

  private RawHttp.Response send(String method, String target, boolean idempotencyKey, String body)
      throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.exchange(request(method, target, idempotencyKey, body));
    }
  }

  private static String request(String method, String target, boolean idempotencyKey, String body) {
    boolean framed = !method.equals("GET") || !body.isEmpty();
    return method
        + " "
        + target
        + " HTTP/1.1\r\nHost: h\r\n"
        + (idempotencyKey ? "Idempotency-Key: " + UUID.randomUUID() + "\r\n" : "")
        + (framed ? "Content-Length: " + body.length() + "\r\n" : "")
        + "\r\n"
        + body;
  }

  private Backend.Service service() {
    return new Backend.Service("default/retry", List.of(origin.endpoint()));
  }

  private static Route policy(
      String path, List<BackendRef> backends, RouteTimeouts timeouts, int retries) {
    return withPolicy(
        route(path, prefix(path), List.of(), backends),
        timeouts,
        Optional.of(new RetryPolicy(retries, List.of(), Optional.empty())));
  }

  private static RouteTimeouts timeouts(long requestMs, long backendMs) {
    return new RouteTimeouts(
        Optional.of(Duration.ofMillis(requestMs)), Optional.of(Duration.ofMillis(backendMs)));
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }
}
