package dev.sluice.conformance;

import static dev.sluice.conformance.harness.BaseConfig.INFRA;
import static dev.sluice.conformance.harness.BaseConfig.WEB_BACKEND;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.checks.TcpCase;
import dev.sluice.conformance.checks.TcpChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GATEWAY-TCP: TCPRoute attachment, references and weights (notes §2.17; the checks use the TCP
 * echo protocol of §4.3).
 */
@ExtendWith(ConformanceExtension.class)
class TcpRouteTest {

  private static final String ROUTE = "TCPRoute";

  @Test
  @Upstream(features = {"Gateway", "TCPRoute"})
  void TCPRouteMultipleRoutesAttachment(ConformanceSuite suite) {
    suite.apply("tcproute-multiple-routes-attachment");
    String gw = accepted(suite, "tcp-multi-route-attach-gateway", "tcproute-attach-older");
    TcpChecks.expect(gw, echo(9310, "tcp-attach-backend-1", INFRA));
  }

  @Test
  @Upstream(
      features = {"Gateway", "TCPRoute"},
      provisional = true)
  void TCPRouteInvalidBackendRefNonexistent(ConformanceSuite suite) {
    suite.apply("tcproute-invalid-backendref-nonexistent");
    String gateway = "tcp-gateway-invalid-backend";
    StatusChecks.routeMustHaveCondition(
        suite,
        ROUTE,
        INFRA,
        "tcp-route-invalid-backend-ref-nonexistent",
        gateway,
        Cond.isFalse("ResolvedRefs", "BackendNotFound"));
    expectNoEcho(suite.gatewayAddress(INFRA, gateway), 9300);
  }

  @Test
  @Upstream(
      features = {"Gateway", "TCPRoute", "ReferenceGrant"},
      provisional = true)
  void TCPRouteInvalidCrossNamespaceBackendRef(ConformanceSuite suite) {
    suite.apply("tcproute-invalid-cross-namespace-backend-ref");
    String gateway = "tcp-invalid-cross-namespace-backend-ref-gateway";
    StatusChecks.routeMustHaveCondition(
        suite,
        ROUTE,
        INFRA,
        "tcp-invalid-cross-namespace-backend-ref",
        gateway,
        Cond.isFalse("ResolvedRefs", "RefNotPermitted"));
    expectNoEcho(suite.gatewayAddress(INFRA, gateway), 9321);
  }

  @Test
  @Upstream(
      features = {"Gateway", "TCPRoute"},
      provisional = true)
  void TCPRouteInvalidNonTCPListener(ConformanceSuite suite) {
    suite.apply("tcproute-invalid-non-tcp-listener");
    StatusChecks.routeMustHaveCondition(
        suite,
        ROUTE,
        INFRA,
        "tcp-route",
        "tcp-mixed-protocol-gateway",
        Cond.isFalse("Accepted", "NotAllowedByListeners"));
    StatusChecks.routeMustHaveNoAcceptedParents(suite, ROUTE, INFRA, "tcp-route");
  }

  @Test
  @Upstream(
      features = {"Gateway", "TCPRoute"},
      provisional = true)
  void TCPRouteParentRefAttachAll(ConformanceSuite suite) {
    suite.apply("tcproute-parentref-attach-all");
    String gw = accepted(suite, "tcp-attach-all-gateway", "tcp-route-attach-all");
    for (int port = 9310; port <= 9313; port++) {
      TcpChecks.expect(gw, echo(port, "tcp-echo-attach-all", INFRA));
    }
  }

  @Test
  @Upstream(
      features = {"Gateway", "TCPRoute"},
      provisional = true)
  void TCPRouteParentRefPortAndSectionName(ConformanceSuite suite) {
    suite.apply("tcproute-parentref-port-and-section-name");
    String gw =
        accepted(
            suite,
            "tcp-multi-listener-gateway",
            "tcp-route-by-port",
            "tcp-route-by-section",
            "tcp-route-by-section-and-port");
    TcpChecks.expect(gw, echo(9300, "tcp-echo-one", INFRA));
    TcpChecks.expect(gw, echo(9301, "tcp-echo-two", INFRA));
    TcpChecks.expect(gw, echo(9302, "tcp-echo-three", INFRA));
  }

  @Test
  @Upstream(
      features = {"Gateway", "TCPRoute", "ReferenceGrant"},
      provisional = true)
  void TCPRouteReferenceGrant(ConformanceSuite suite) {
    suite.apply("tcproute-reference-grant");
    String gw = accepted(suite, "tcp-reference-grant-gateway", "tcp-reference-grant");
    TcpChecks.expect(gw, echo(9320, "tcp-reference-grant-backend", WEB_BACKEND));
  }

  @Test
  @Upstream(
      features = {"Gateway", "TCPRoute"},
      provisional = true)
  void TCPRouteWeightedRouting(ConformanceSuite suite) {
    suite.apply("tcproute-weighted-routing");
    String gw = accepted(suite, "tcp-weighted-gateway", "tcp-weighted-route");
    TcpChecks.expectWeights(
        gw,
        echo(9300, "tcp-backend", INFRA),
        Map.of("tcp-backend-v1", 0.7, "tcp-backend-v2", 0.3, "tcp-backend-v3", 0.0));
  }

  private static TcpCase echo(int port, String backend, String namespace) {
    return TcpCase.port(port).backendTls(false).backend(backend, namespace);
  }

  /** A connection to the listener is refused or closed without the echo's welcome line. */
  private static void expectNoEcho(String address, int port) {
    dev.sluice.conformance.checks.Eventually.consistent(
        "no echo behind " + address + ":" + port,
        () -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5_000);
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first < 0 ? Optional.empty() : Optional.of("the listener answered data");
          } catch (IOException e) {
            return Optional.empty();
          }
        });
  }

  private static String accepted(ConformanceSuite suite, String gateway, String... routes) {
    return StatusChecks.gatewayAndRoutesMustBeAccepted(suite, gateway, ROUTE, routes);
  }
}
