package dev.sluice.conformance;

import static dev.sluice.conformance.harness.BaseConfig.APP_BACKEND;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.ExpectedParent;
import dev.sluice.conformance.checks.ListenerExpect;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.checks.UdpChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.harness.EchoPod;
import dev.sluice.conformance.report.Upstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GATEWAY-UDP: UDPRoute attachment, references and weights (notes §2.17). The backends are the
 * harness's UDP pods: echo-basic's JSON envelope on 8080, and a DNS responder standing in for the
 * base coredns Deployment (it answers A queries with its own address).
 */
@ExtendWith(ConformanceExtension.class)
class UdpRouteTest {

  private static final String ROUTE = "UDPRoute";
  private static final List<String> KINDS = List.of(ROUTE);

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute"},
      provisional = true)
  void UDPRoute(ConformanceSuite suite) {
    suite.apply("udproute-simple");
    String gw = accepted(suite, "udp-gateway", "udp-coredns");
    List<String> addresses =
        UdpChecks.expectDnsAnswer(gw, 5300, "foo.bar.com", Duration.ofSeconds(60));
    // Our coredns stand-in answers with its own address: the query reached that pod.
    List<String> corednsPods = suite.fleet().pods(INFRA, "udp").stream().map(EchoPod::ip).toList();
    assertThat(addresses).isNotEmpty().allMatch(corednsPods::contains);
  }

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute"},
      provisional = true)
  void UDPRouteInvalidBackendRefNonexistent(ConformanceSuite suite) {
    suite.apply("udproute-invalid-backendref-nonexistent");
    String gateway = "udp-gateway-invalid-backend";
    String route = "udp-route-invalid-backend-ref-nonexistent";
    accepted(suite, gateway, route);
    StatusChecks.routeMustHaveCondition(
        suite, ROUTE, INFRA, route, gateway, Cond.isFalse("ResolvedRefs", "BackendNotFound"));
  }

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute", "ReferenceGrant"},
      provisional = true)
  void UDPRouteInvalidCrossNamespaceBackendRef(ConformanceSuite suite) {
    suite.apply("udproute-invalid-cross-namespace-backend-ref");
    String gateway = "udp-gateway-invalid-cross-namespace-backend-ref";
    String route = "udp-route-invalid-cross-namespace-backend-ref";
    accepted(suite, gateway, route);
    StatusChecks.routeMustHaveCondition(
        suite, ROUTE, INFRA, route, gateway, Cond.isFalse("ResolvedRefs", "RefNotPermitted"));
  }

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute"},
      provisional = true)
  void UDPRouteMultipleRoutesAttachment(ConformanceSuite suite) {
    suite.apply("udproute-multiple-routes-attachment");
    String gateway = "udp-multi-route-attach-gateway";
    String gw = accepted(suite, gateway, "udproute-attach-older");
    suite.apply("udproute-attach-newer");
    Cond accepted = Cond.isTrue("Accepted", "Accepted");
    for (String route : List.of("udproute-attach-older", "udproute-attach-newer")) {
      StatusChecks.routeMustHaveCondition(suite, ROUTE, INFRA, route, gateway, accepted);
    }
    StatusChecks.gatewayMustHaveListeners(
        suite, gateway, List.of(ListenerExpect.of("udp", KINDS, 2, accepted)));
    UdpChecks.expectOnlyBackend(gw, 5301, "udp-attach-backend-1", 20);
  }

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute"},
      provisional = true)
  void UDPRouteNotAllowedByListeners(ConformanceSuite suite) {
    // Upstream runs the checks only when TLSRoute is supported, which Sluice claims.
    suite.apply("udproute-not-allowed-by-listeners");
    String gateway = "udproute-tls-only-gateway";
    StatusChecks.routeMustHaveCondition(
        suite,
        ROUTE,
        INFRA,
        "udproute-not-allowed-by-listeners",
        gateway,
        Cond.isFalse("Accepted", "NotAllowedByListeners"));
    StatusChecks.gatewayMustHaveZeroRoutes(suite, gateway);
  }

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute"},
      provisional = true)
  void UDPRouteParentRefAttachAllListeners(ConformanceSuite suite) {
    suite.apply("udproute-parentref-attach-all-listeners");
    String gateway = "udp-attach-all-listeners-gateway";
    StatusChecks.routeMustHaveParents(
        suite,
        ROUTE,
        INFRA,
        "udp-route-attach-all",
        List.of(ExpectedParent.gateway(gateway, Cond.isTrue("Accepted", "Accepted"))));
    Cond[] ready = {Cond.isTrue("Accepted"), Cond.isTrue("ResolvedRefs")};
    StatusChecks.gatewayMustHaveListeners(
        suite,
        gateway,
        List.of(
            ListenerExpect.of("udp-1", KINDS, 1, ready),
            ListenerExpect.of("udp-2", KINDS, 1, ready),
            ListenerExpect.of("udp-3", KINDS, 1, ready)));
    String gw = suite.gatewayAddress(INFRA, gateway);
    for (int port = 5310; port <= 5312; port++) {
      UdpChecks.expectEcho(gw, port, "udp-echo-attach-all", INFRA);
    }
  }

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute"},
      provisional = true)
  void UDPRouteParentRefPortAndSectionName(ConformanceSuite suite) {
    suite.apply("udproute-parentref-port-and-section-name");
    String gw =
        accepted(
            suite,
            "udp-multi-listener-gateway",
            "udp-route-by-port",
            "udp-route-by-section",
            "udp-route-by-section-and-port");
    UdpChecks.expectEcho(gw, 5300, "udp-echo-by-port", INFRA);
    UdpChecks.expectEcho(gw, 5301, "udp-echo-by-section", INFRA);
    UdpChecks.expectEcho(gw, 5302, "udp-echo-by-section-and-port", INFRA);
  }

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute", "ReferenceGrant"},
      provisional = true)
  void UDPRouteReferenceGrant(ConformanceSuite suite) {
    suite.apply("udproute-reference-grant");
    String gateway = "udp-gateway-reference-grant";
    String route = "udp-route-reference-grant";
    String gw = accepted(suite, gateway, route);
    StatusChecks.routeMustHaveCondition(
        suite, ROUTE, INFRA, route, gateway, Cond.isTrue("ResolvedRefs", "ResolvedRefs"));
    UdpChecks.expectEcho(gw, 5300, "udp-echo-reference-grant", APP_BACKEND);
  }

  @Test
  @Upstream(
      features = {"Gateway", "UDPRoute"},
      provisional = true)
  void UDPRouteWeightedRouting(ConformanceSuite suite) {
    suite.apply("udproute-weighted-routing");
    String gw = accepted(suite, "udp-weighted-gateway", "udp-weighted-route");
    UdpChecks.expectWeights(
        gw, 5300, Map.of("udp-backend-v1", 0.7, "udp-backend-v2", 0.3, "udp-backend-v3", 0.0));
  }

  private static String accepted(ConformanceSuite suite, String gateway, String... routes) {
    return StatusChecks.gatewayAndRoutesMustBeAccepted(suite, gateway, ROUTE, routes);
  }
}
