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

import dev.sluice.ir.HeaderMatch;
import dev.sluice.ir.PathMatch;
import dev.sluice.ir.QueryParamMatch;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.ValueMatchKind;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * L3 of reliability-security.md §4: a tenant's regular expression that backtracks catastrophically
 * in java.util.regex ({@code (a+)+$} against 30 {@code a} and a {@code !} takes minutes there) is
 * answered at once, because route matches run on RE2/J. The bound (1 s per request) is far above
 * normal latency and far below the backtracking time, so it is not a micro-benchmark.
 */
class RegexDosTest extends ProxyTestBase {

  private static final String EVIL = "(a+)+$";
  private static final String PAYLOAD = "a".repeat(30) + "!";
  private static final long BOUND_NANOS = 1_000_000_000L;

  private final int port = freePort();

  @BeforeEach
  void routesWithCatastrophicExpressions() {
    RouteMatch path = match(PathMatch.regex("/p/" + EVIL), List.of(), List.of());
    RouteMatch header =
        match(
            PathMatch.prefix("/h"),
            List.of(new HeaderMatch("x-tenant", ValueMatchKind.REGULAR_EXPRESSION, EVIL)),
            List.of());
    RouteMatch query =
        match(
            PathMatch.prefix("/q"),
            List.of(),
            List.of(new QueryParamMatch("v", ValueMatchKind.REGULAR_EXPRESSION, EVIL)));
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route("path", path, List.of(), List.of(to(a))),
                    route("header", header, List.of(), List.of(to(a))),
                    route("query", query, List.of(), List.of(to(a))),
                    route("liveness", prefix("/still"), List.of(), List.of(to(b)))))));
  }

  static List<String> hostileRequests() {
    return List.of(
        "GET /p/" + PAYLOAD + " HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /h HTTP/1.1\r\nHost: h\r\nX-Tenant: " + PAYLOAD + "\r\n\r\n",
        "GET /q?v=" + PAYLOAD + " HTTP/1.1\r\nHost: h\r\n\r\n");
  }

  @ParameterizedTest
  @MethodSource("hostileRequests")
  void l3_backtrackingExpressionDoesNotMatchAndAnswersAtOnce(String request) throws IOException {
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      RawHttp.Response response;
      try (RawHttp http = new RawHttp(port)) {
        response = http.exchange(request);
      }
      assertThat(System.nanoTime() - start).as("latency of %s", request).isLessThan(BOUND_NANOS);
      assertThat(response.status()).as("no route matches").isEqualTo(404);
    }
    assertThat(a.requests()).isEmpty();
    assertThat(get(port, "h", "/still").body()).isEqualTo("b GET /still");
  }

  @Test
  void l3_matchingInputsStillRouteByTheExpression() throws IOException {
    assertThat(get(port, "h", "/p/aaaa").body()).isEqualTo("a GET /p/aaaa");
    assertThat(get(port, "h", "/q?v=aa").body()).isEqualTo("a GET /q?v=aa");
    try (RawHttp http = new RawHttp(port)) {
      assertThat(http.exchange("GET /h HTTP/1.1\r\nHost: h\r\nX-Tenant: aaa\r\n\r\n").body())
          .isEqualTo("a GET /h");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"(a)\\1", "/(?=admin)", "/(?!x).*", "/(?<=a)b", "((a{1000}){1000}){1000}"})
  void l3_expressionsRe2CannotRunInLinearTimeAreRejectedNamingRouteAndField(String regex)
      throws IOException {
    RouteMatch bad = match(PathMatch.regex(regex), List.of(), List.of());
    assertThatThrownBy(
            () ->
                proxy.apply(
                    gateway(
                        listener(port, anyHost(route("tenant", bad, List.of(), List.of(to(a))))))))
        .isInstanceOf(SnapshotCompileException.class)
        .hasMessageContaining("default/tenant")
        .hasMessageContaining("match.path.value");
    assertThat(get(port, "h", "/still").body()).isEqualTo("b GET /still");
  }

  private static RouteMatch match(
      PathMatch path, List<HeaderMatch> headers, List<QueryParamMatch> query) {
    return new RouteMatch(path, Optional.empty(), headers, query);
  }
}
