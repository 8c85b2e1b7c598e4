package dev.sluice.conformance;

import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.ListenerExpect;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.checks.TcpCase;
import dev.sluice.conformance.checks.TcpChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-TLS: TLSRoute passthrough, terminate and status (notes §2.16). */
@ExtendWith(ConformanceExtension.class)
class TlsRouteTest {

  private static final String ROUTE = "TLSRoute";
  private static final List<String> KINDS = List.of(ROUTE);

  @Test
  @Upstream(features = {"Gateway", "TLSRoute"})
  void TLSRouteSimpleSameNamespace(ConformanceSuite suite) {
    suite.apply("tlsroute-simple-same-namespace");
    String gw = accepted(suite, "gateway-tlsroute", "gateway-conformance-infra-test");
    TcpChecks.expect(
        gw,
        TcpCase.port(443)
            .tls("abc.example.com", ca(suite))
            .backendTls(true)
            .backend("tcp-backend", INFRA)
            .backendSni("abc.example.com"));
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute"})
  void TLSRouteHostnameIntersection(ConformanceSuite suite) {
    suite.apply("tlsroute-hostname-intersection");
    String x1 =
        accepted(suite, "gw-tlsroute-exact-hostname-x-1", "tlsroute-more-specific-wc-hostname-x-1");
    https(suite, x1, "abc.example.com", "tls-backend");
    TcpChecks.expectRejected(x1, 443, "non.matching.com", ca(suite));
    String x2 =
        accepted(
            suite,
            "gw-tlsroute-more-specific-wc-hostname-x-2",
            "tlsroute-exact-hostname-x-2",
            "tlsroute-less-specific-wc-hostname-x-2");
    String x3 =
        accepted(
            suite,
            "gw-tlsroute-less-specific-wc-hostname-x-3",
            "tlsroute-exact-hostname-x-3",
            "tlsroute-more-specific-wc-hostname-x-3");
    for (String gw : List.of(x2, x3)) {
      https(suite, gw, "abc.example.com", "tls-backend");
      https(suite, gw, "other.example.com", "tls-backend-2");
      TcpChecks.expectRejected(gw, 443, "non.matching.com", ca(suite));
    }
    String x4 =
        accepted(
            suite,
            "gw-tlsroute-empty-hostname-x-4",
            "tlsroute-exact-hostname-x-4",
            "tlsroute-less-specific-wc-hostname-x-4");
    https(suite, x4, "abc.example.com", "tls-backend");
    https(suite, x4, "other.example.com", "tls-backend-2");
    TcpChecks.expectRejected(x4, 443, "non.matching.org", ca(suite));
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute"})
  void TLSRouteInvalidBackendRefNonexistent(ConformanceSuite suite) {
    invalidBackend(
        suite,
        "tlsroute-invalid-backendref-nonexistent",
        "gateway-tlsroute-invalid-backend-ref-nonexistent",
        "invalid-backend-ref-nonexistent",
        "BackendNotFound");
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute"})
  void TLSRouteInvalidBackendRefUnknownKind(ConformanceSuite suite) {
    invalidBackend(
        suite,
        "tlsroute-invalid-backendref-unknown-kind",
        "gateway-tlsroute-invalid-backend-ref-unknown-kind",
        "invalid-backend-ref-unknown-kind",
        "InvalidKind");
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute", "ReferenceGrant"})
  void TLSRouteInvalidReferenceGrant(ConformanceSuite suite) {
    suite.apply("tlsroute-invalid-reference-grant");
    String gateway = "gateway-tlsroute-referencegrant";
    String route = "gateway-conformance-infra-test";
    StatusChecks.routeMustHaveCondition(
        suite, ROUTE, INFRA, route, gateway, Cond.isFalse("ResolvedRefs", "RefNotPermitted"));
    StatusChecks.routeMustHaveCondition(
        suite, ROUTE, INFRA, route, gateway, Cond.isTrue("Accepted"));
    // No grant lets the route reach the app-backend namespace's tls-backend.
    StatusChecks.routeMustHaveCondition(
        suite, ROUTE, INFRA, route, gateway, Cond.isFalse("ResolvedRefs"));
    TcpChecks.expectRejected(
        suite.gatewayAddress(INFRA, gateway), 443, "abc.example.com", ca(suite));
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute"})
  void TLSRouteInvalidNoMatchingListenerHostname(ConformanceSuite suite) {
    suite.apply("tlsroute-invalid-no-matching-listener-hostname");
    noParents(
        suite,
        "gateway-tls-exact-hostname",
        "tlsroute-hostname-mismatch-1",
        "NoMatchingListenerHostname");
    noParents(
        suite,
        "gateway-tls-wildcard-hostname",
        "tlsroute-hostname-mismatch-2",
        "NoMatchingListenerHostname");
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute"})
  void TLSRouteInvalidNoMatchingListener(ConformanceSuite suite) {
    suite.apply("tlsroute-invalid-no-matching-listener");
    noParents(
        suite,
        "gateway-tlsroute-http-only",
        "tlsroute-not-allowed-protocol-http",
        "NotAllowedByListeners");
    noParents(
        suite,
        "gateway-tlsroute-https-only",
        "tlsroute-not-allowed-protocol-https",
        "NotAllowedByListeners");
    StatusChecks.routeMustHaveCondition(
        suite,
        ROUTE,
        INFRA,
        "tlsroute-no-matching-section-name",
        "gateway-tlsroute-tls-passthrough-only",
        Cond.isFalse("Accepted", "NoMatchingParent"));
    StatusChecks.routeMustHaveNoAcceptedParents(
        suite, ROUTE, INFRA, "tlsroute-no-matching-section-name");
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute"})
  void TLSRouteListenerPassthroughSupportedKinds(ConformanceSuite suite) {
    suite.apply("tlsroute-listener-passthrough-supported-kinds");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-tlsroute-passthrough-supported-kind",
        List.of(
            ListenerExpect.of(
                "tls-passthrough", KINDS, 0, Cond.isFalse("ResolvedRefs", "InvalidRouteKinds"))));
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute", "TLSRouteModeTerminate"})
  void TLSRouteListenerTerminateSupportedKinds(ConformanceSuite suite) {
    suite.apply("tlsroute-listener-terminate-supported-kinds");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-tlsroute-terminate-supported",
        List.of(ListenerExpect.of("tls-terminate", KINDS, 0, Cond.isTrue("Accepted", "Accepted"))));
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute"})
  void TLSRouteListenerTerminateNotSupported(ConformanceSuite suite) {
    // Sluice supports TLSRouteModeTerminate, so upstream passes this trivially; the listener must
    // then simply be accepted.
    suite.apply("tlsroute-listener-terminate-not-supported");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-tlsroute-terminate-unsupported",
        List.of(ListenerExpect.of("tls-terminate", KINDS, 0, Cond.isTrue("Accepted"))));
  }

  @Test
  @Upstream(features = {"Gateway", "TLSRoute", "TLSRouteModeTerminate"})
  void TLSRouteListenerMixedTerminationNotSupported(ConformanceSuite suite) {
    // Sluice supports TLSRouteModeMixed, so upstream passes this trivially; both listeners on the
    // shared port must then be accepted.
    suite.apply("tlsroute-listener-mixed-termination-not-supported");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "gateway-tlsroute-mixed-termination-not-supported",
        List.of(
            ListenerExpect.of("tls-terminate", KINDS, 0, Cond.isTrue("Accepted")),
            ListenerExpect.of("tls-passthrough", KINDS, 0, Cond.isTrue("Accepted"))));
  }

  @Test
  @Upstream(
      features = {"Gateway", "TLSRoute", "TLSRouteModeTerminate"},
      provisional = true)
  void TLSRouteTerminateSimpleSameNamespace(ConformanceSuite suite) {
    suite.apply("tlsroute-terminate-simple-same-namespace");
    String gw = accepted(suite, "gateway-tlsroute-terminate", "tlsroute-terminated-test");
    TcpChecks.expect(
        gw,
        TcpCase.port(8443)
            .tls("tls.example.com", ca(suite))
            .backendTls(false)
            .backend("tcp-backend", INFRA));
  }

  @Test
  @Upstream(
      features = {"Gateway", "TLSRoute", "TLSRouteModeTerminate", "TLSRouteModeMixed"},
      provisional = true)
  void TLSRouteMixedTerminationSameNamespace(ConformanceSuite suite) {
    suite.apply("tlsroute-mixed-termination-same-namespace");
    String gateway = "gateway-tlsroute-mixed-termination";
    String gw =
        accepted(
            suite,
            gateway,
            "gateway-conformance-mixed-passthroughroute",
            "gateway-conformance-mixed-terminateroute");
    Cond accepted = Cond.isTrue("Accepted", "Accepted");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        gateway,
        List.of(
            ListenerExpect.of("tls-terminate", KINDS, 1, accepted),
            ListenerExpect.of("tls-passthrough", KINDS, 1, accepted)));
    TcpChecks.expect(
        gw,
        TcpCase.port(8883)
            .tls("tls.example.com", ca(suite))
            .backendTls(false)
            .backend("tcp-backend", INFRA));
    TcpChecks.expect(
        gw,
        TcpCase.port(8883)
            .tls("abc.example.com", ca(suite))
            .backendTls(true)
            .backend("tcp-backend", INFRA)
            .backendSni("abc.example.com"));
  }

  @Test
  @Upstream(
      features = {"Gateway", "TLSRoute", "TLSRouteModeTerminate", "BackendTLSPolicy"},
      provisional = true)
  void BackendTLSPolicyTLSRouteTerminate(ConformanceSuite suite) {
    suite.apply("backendtlspolicy-tlsroute-terminate");
    String gw = accepted(suite, "gateway-btls-tlsroute-terminate", "btls-tlsroute-terminate");
    // Terminated with SNI tls.example.com, re-encrypted towards the echo's TLS port with the
    // policy's hostname as SNI.
    TcpChecks.expect(
        gw,
        TcpCase.port(8443)
            .tls("tls.example.com", ca(suite))
            .backendTls(true)
            .backend("tcp-backend", INFRA)
            .backendSni("abc.example.com"));
  }

  private static void invalidBackend(
      ConformanceSuite suite, String manifest, String gateway, String route, String reason) {
    suite.apply(manifest);
    StatusChecks.routeMustHaveCondition(
        suite, ROUTE, INFRA, route, gateway, Cond.isFalse("ResolvedRefs", reason));
    TcpChecks.expectRejected(suite.gatewayAddress(INFRA, gateway), 443, "example.com", ca(suite));
  }

  private static void noParents(
      ConformanceSuite suite, String gateway, String route, String reason) {
    StatusChecks.routeMustHaveCondition(
        suite, ROUTE, INFRA, route, gateway, Cond.isFalse("Accepted", reason));
    StatusChecks.routeMustHaveNoAcceptedParents(suite, ROUTE, INFRA, route);
    StatusChecks.gatewayMustHaveZeroRoutes(suite, gateway);
  }

  private static void https(ConformanceSuite suite, String gw, String sni, String backend) {
    HttpChecks.expect(gw, HttpCase.get("/").host(sni).tls(sni, ca(suite)).backend(backend, INFRA));
  }

  private static String accepted(ConformanceSuite suite, String gateway, String... routes) {
    return StatusChecks.gatewayAndRoutesMustBeAccepted(suite, gateway, ROUTE, routes);
  }

  private static X509Certificate ca(ConformanceSuite suite) {
    return suite.certificates().checksCa().rootCertificate();
  }
}
