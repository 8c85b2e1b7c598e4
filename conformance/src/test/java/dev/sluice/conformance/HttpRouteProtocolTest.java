package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.ExpectedParent;
import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.Redirect;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.harness.EchoPod;
import dev.sluice.conformance.harness.Manifest;
import dev.sluice.conformance.report.Upstream;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GATEWAY-HTTP: redirects across listener ports and schemes, Service shapes, the HTTPS listener and
 * misdirected requests, h2c and WebSocket backends, and a disallowed route kind (notes §2.1, §2.3,
 * §2.7, §2.10, §2.13).
 */
@ExtendWith(ConformanceExtension.class)
class HttpRouteProtocolTest {

  private static final String HTTPS_GATEWAY = "same-namespace-with-https-listener";

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRoutePortRedirect", "GatewayPort8080"})
  void HTTPRouteRedirectPortAndScheme(ConformanceSuite suite) {
    suite.apply("httproute-redirect-port-and-scheme");
    String gw80 =
        StatusChecks.httpRoutesAccepted(
            suite, "same-namespace", "http-route-for-listener-on-port-80");
    HttpChecks.expectAll(
        gw80,
        List.of(
            redirect(get("/scheme-nil-and-port-nil"), "http", ""),
            redirect(get("/scheme-nil-and-port-80"), "http", ""),
            redirect(get("/scheme-nil-and-port-8080"), "http", "8080"),
            redirect(get("/scheme-https-and-port-nil"), "https", ""),
            redirect(get("/scheme-https-and-port-443"), "https", ""),
            redirect(get("/scheme-https-and-port-8443"), "https", "8443")));
    String gw8080 =
        StatusChecks.httpRoutesAccepted(
            suite,
            "same-namespace-with-http-listener-on-8080",
            "http-route-for-listener-on-port-8080");
    HttpChecks.expectAll(
        gw8080,
        List.of(
            redirect(get("/scheme-nil-and-port-nil").port(8080), "http", "8080"),
            redirect(get("/scheme-nil-and-port-80").port(8080), "http", ""),
            redirect(get("/scheme-https-and-port-nil").port(8080), "https", "")));
    String gw443 =
        StatusChecks.httpRoutesAccepted(
            suite, HTTPS_GATEWAY, "http-route-for-listener-on-port-443");
    X509Certificate ca = suite.certificates().validityCa().rootCertificate();
    HttpChecks.expectAll(
        gw443,
        List.of(
            redirect(tls(get("/scheme-nil-and-port-nil"), ca), "https", ""),
            redirect(tls(get("/scheme-nil-and-port-443"), ca), "https", ""),
            redirect(tls(get("/scheme-nil-and-port-8443"), ca), "https", "8443"),
            redirect(tls(get("/scheme-http-and-port-nil"), ca), "http", ""),
            redirect(tls(get("/scheme-http-and-port-80"), ca), "http", ""),
            redirect(tls(get("/scheme-http-and-port-8080"), ca), "http", "8080")));
  }

  private static HttpCase tls(HttpCase c, X509Certificate ca) {
    return c.host("example.org").tls("example.org", ca);
  }

  private static HttpCase redirect(HttpCase c, String scheme, String port) {
    return c.expect(302)
        .expectRedirect(Redirect.to().scheme(scheme).host("example.org").port(port));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteServiceTypes(ConformanceSuite suite) {
    Manifest template = Manifest.resource("httproute-service-types");
    suite.apply(
        "httproute-service-types",
        Manifest.of(
            template
                .text()
                .replace(
                    "endpoints: INFRA_BACKEND_V1_ENDPOINTS",
                    "endpoints:\n" + endpoints(suite, "infra-backend-v1"))));
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "service-types");
    HttpChecks.expectAll(
        gw,
        List.of(
            get("/manual-endpointslices").backend("infra-backend-v1", INFRA),
            get("/headless").backend("infra-backend-v1", INFRA),
            get("/headless-manual-endpointslices").backend("infra-backend-v1", INFRA)));
  }

  /** The EndpointSlice endpoints of the pods of {@code app}, as the upstream test patches in. */
  private static String endpoints(ConformanceSuite suite, String app) {
    StringBuilder out = new StringBuilder();
    for (EchoPod pod : suite.fleet().pods(INFRA, app)) {
      out.append(
          "  - {addresses: [\"%s\"], conditions: {ready: true, serving: true, terminating: false},"
                  .formatted(pod.ip())
              + " targetRef: {kind: Pod, name: %s, namespace: %s}}\n"
                  .formatted(pod.name(), pod.namespace()));
    }
    return out.toString();
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "TLSRoute"})
  void HTTPRouteDisallowedKind(ConformanceSuite suite) {
    suite.apply("httproute-disallowed-kind");
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        "disallowed-kind",
        List.of(
            ExpectedParent.gateway(
                "tlsroutes-only",
                Cond.isTrue("ResolvedRefs", "ResolvedRefs"),
                Cond.isFalse("Accepted", "NotAllowedByListeners"))));
    StatusChecks.routeMustHaveNoAcceptedParents(suite, "HTTPRoute", INFRA, "disallowed-kind");
    StatusChecks.gatewayMustHaveZeroRoutes(suite, "tlsroutes-only");
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteHTTPSListener(ConformanceSuite suite) {
    suite.apply("httproute-https-listener");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, HTTPS_GATEWAY, "httproute-https-test", "httproute-https-test-no-hostname");
    X509Certificate ca = suite.certificates().validityCa().rootCertificate();
    HttpChecks.expectAll(
        gw,
        List.of(
            get("/").host("example.org").tls("example.org", ca).backend("infra-backend-v1", INFRA),
            get("/").host("unknown-example.org").tls("unknown-example.org", ca).expect(404),
            get("/")
                .host("second-example.org")
                .tls("second-example.org", ca)
                .backend("infra-backend-v2", INFRA)));
  }

  @Test
  @Upstream(features = {"Gateway", "GatewayHTTPSListenerDetectMisdirectedRequests", "HTTPRoute"})
  void HTTPRouteHTTPSListenerDetectMisdirectedRequests(ConformanceSuite suite) {
    suite.apply("httproute-https-listener-detect-misdirected-requests");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite,
            HTTPS_GATEWAY,
            "https-listener-detect-misdirected-requests-test-1",
            "https-listener-detect-misdirected-requests-test-2",
            "https-listener-detect-misdirected-requests-test-3",
            "https-listener-detect-misdirected-requests-test-4");
    X509Certificate ca = suite.certificates().validityCa().rootCertificate();
    String third = "third-example.wildcard.org";
    String fourth = "fourth-example.wildcard.org";
    String fifth = "fith-example.wildcard.org";
    HttpChecks.expectAll(
        gw,
        List.of(
            h2(ca, "example.org", "example.org").backend("infra-backend-v1", INFRA),
            h2(ca, "example.org", "second-example.org").expect(421),
            h2(ca, "example.org", "unknown-example.org").expect(404),
            h2(ca, "second-example.org", "second-example.org").backend("infra-backend-v2", INFRA),
            h2(ca, "second-example.org", "example.org").expect(421),
            h2(ca, "second-example.org", "unknown-example.org").expect(421),
            h2(ca, third, third).backend("infra-backend-v3", INFRA),
            h2(ca, third, fifth).backend("infra-backend-v3", INFRA),
            h2(ca, third, fourth).expect(421),
            h2(ca, third, "second-example.org").expect(421),
            h2(ca, third, "unknown-example.org").expect(421),
            h2(ca, fourth, fourth).backend("infra-backend-v1", INFRA),
            h2(ca, fourth, fifth).expect(421),
            h2(ca, "unknown-example.org", "example.org").backend("infra-backend-v1", INFRA),
            h2(ca, "unknown-example.org", "unknown-example.org").expect(404)));
  }

  private static HttpCase h2(X509Certificate ca, String sni, String authority) {
    return get("/detect-misdirected-requests")
        .protocol(HttpCase.Protocol.H2)
        .tls(sni, ca)
        .host(authority);
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteBackendProtocolH2C"})
  void HTTPRouteBackendProtocolH2C(ConformanceSuite suite) {
    suite.apply("httproute-backend-protocol-h2c");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "backend-protocol-h2c");
    HttpChecks.expect(
        gw, get("/").protocol(HttpCase.Protocol.H2C).backend("infra-backend-v1", INFRA));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteBackendProtocolWebSocket"})
  void HTTPRouteBackendProtocolWebSocket(ConformanceSuite suite) {
    suite.apply("httproute-backend-protocol-websocket");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "backend-protocol-ws");
    WebSocketCheck.expectEcho(gw, "ws://gateway/HTTPRouteBackendProtocolWebSocket");
  }
}
