package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Eventually;
import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP: timeouts, retries and CORS (notes §2.6, §2.11). */
@ExtendWith(ConformanceExtension.class)
class HttpRouteResilienceTest {

  private static HttpCase v1(HttpCase c) {
    return c.backend("infra-backend-v1", INFRA);
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteRequestTimeout"})
  void HTTPRouteTimeoutRequest(ConformanceSuite suite) {
    suite.apply("httproute-timeout-request");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "request-timeout");
    HttpChecks.expectAll(
        gw,
        List.of(
            v1(get("/request-timeout")),
            get("/request-timeout?delay=1s").expect(504),
            v1(get("/disable-request-timeout?delay=1s"))));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteBackendTimeout"})
  void HTTPRouteTimeoutBackendRequest(ConformanceSuite suite) {
    suite.apply("httproute-timeout-backend-request");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "backend-request-timeout");
    HttpChecks.expectAll(
        gw,
        List.of(
            v1(get("/backend-timeout")),
            get("/backend-timeout?delay=1s").expect(504),
            v1(get("/disable-backend-timeout?delay=1s"))));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteRetry"})
  void HTTPRouteRetry(ConformanceSuite suite) {
    suite.apply("httproute-retry");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "retries");
    expectRetry(gw, "/retry/code-500-attempts-3", "responseCode=500", 2, 200);
    expectRetry(gw, "/retry/code-500-attempts-3", "responseCode=500", 4, 500);
    expectRetry(gw, "/retry/code-500-attempts-3", "responseCode=503", 2, 503);
    for (String code : List.of("500", "502", "503", "504")) {
      String failing = "responseCode=" + code;
      expectRetry(gw, "/retry/code-all-attempts-2", failing, 1, 200);
      expectRetry(gw, "/retry/code-all-attempts-2", failing, 3, Integer.parseInt(code));
    }
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteRetry", "HTTPRouteRetryConnectionError"})
  void HTTPRouteRetryConnectionError(ConformanceSuite suite) {
    suite.apply("httproute-retry-connection-error");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "retries-connection-error");
    expectRetry(gw, "/retry/no-status-code-attempts-3", "", 2, 200);
    expectRetry(gw, "/retry/no-status-code-attempts-3", "", 4, 500, 503);
  }

  @Test
  @Upstream(
      features = {
        "Gateway",
        "HTTPRoute",
        "HTTPRouteRetry",
        "HTTPRouteRetryBackendTimeout",
        "HTTPRouteRequestTimeout",
        "HTTPRouteBackendTimeout"
      })
  void HTTPRouteRetryWithTimeouts(ConformanceSuite suite) {
    suite.apply("httproute-retry-with-timeouts");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "retries-with-timeouts");
    String backend = "/retry/backend-request-timeout-200ms";
    expectRetry(gw, backend, "delayRetry=300ms&responseCode=500", 2, 200);
    expectRetry(gw, backend, "delayRetry=300ms&responseCode=500", 3, 504);
    String request = "/retry/request-timeout-200ms";
    expectRetry(gw, request, "responseCode=500", 1, 200);
    expectRetry(gw, request, "delayRetry=100ms&responseCode=500", 4, 504);
  }

  /**
   * The retry simulator of infra-backend-v3 fails the first {@code succeedAfter} tries of a request
   * id (with {@code responseCode}, or by resetting the connection without one); each attempt uses a
   * new id and must give {@code expected} three times in a row.
   *
   * @param parameters the query parameters before {@code succeedAfter} (keys sorted, as upstream)
   */
  private static void expectRetry(
      String gw, String path, String parameters, int succeedAfter, Integer... expected) {
    String query = (parameters.isEmpty() ? "" : parameters + "&") + "succeedAfter=";
    Eventually.consistent(
        path + " " + parameters + " succeedAfter=" + succeedAfter + " → " + List.of(expected),
        () -> {
          String uri = path + "?" + query + succeedAfter + "&uuid=" + UUID.randomUUID();
          HttpCase c = get(uri).expect(expected);
          return HttpChecks.attempt(
              gw, expected[0] == 200 ? c.backend("infra-backend-v3", INFRA) : c);
        });
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteCORS"})
  void HTTPRouteCORS(ConformanceSuite suite) {
    suite.apply("httproute-cors");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite,
            "same-namespace",
            "cors-multiple-origins-methods-headers",
            "cors-wildcard-methods",
            "cors-wildcard-origin",
            "cors-wildcard-methods-headers");
    for (CorsCase c : CorsCases.all()) {
      Eventually.consistent(c.toString(), () -> c.attempt(gw));
    }
  }
}
