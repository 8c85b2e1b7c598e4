package dev.sluice.conformance;

import static dev.sluice.conformance.checks.GrpcCase.call;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.GrpcCase;
import dev.sluice.conformance.checks.GrpcChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-GRPC: GRPCRoute matching, hostnames, filters, weights and backend TLS (notes §2.15). */
@ExtendWith(ConformanceExtension.class)
class GrpcRouteTest {

  private static final String G1 = "grpc-infra-backend-v1";
  private static final String G2 = "grpc-infra-backend-v2";
  private static final String G3 = "grpc-infra-backend-v3";

  @Test
  @Upstream(features = {"Gateway", "GRPCRoute"})
  void GRPCExactMethodMatching(ConformanceSuite suite) {
    String gw = accepted(suite, "grpcroute-exact-method-matching", "exact-matching");
    GrpcChecks.expect(gw, call("Echo").backend(G1, INFRA));
    GrpcChecks.expect(gw, call("EchoTwo").backend(G2, INFRA));
    GrpcChecks.expect(gw, call("EchoThree").expect(Status.Code.UNIMPLEMENTED));
  }

  @Test
  @Upstream(features = {"Gateway", "GRPCRoute"})
  void GRPCRouteHeaderMatching(ConformanceSuite suite) {
    String gw = accepted(suite, "grpcroute-header-matching", "grpc-header-matching");
    GrpcChecks.expect(gw, echo("version", "one").backend(G1, INFRA));
    GrpcChecks.expect(gw, echo("version", "two").backend(G2, INFRA));
    GrpcChecks.expect(gw, echo("version", "two").metadata("color", "orange").backend(G1, INFRA));
    GrpcChecks.expect(gw, echo("version", "two").metadata("color", "blue").backend(G2, INFRA));
    GrpcChecks.expect(gw, echo("color", "orange").expect(Status.Code.UNIMPLEMENTED));
    GrpcChecks.expect(gw, echo("some-other-header", "one").expect(Status.Code.UNIMPLEMENTED));
    GrpcChecks.expect(gw, echo("color", "blue").backend(G1, INFRA));
    GrpcChecks.expect(gw, echo("color", "green").backend(G1, INFRA));
    GrpcChecks.expect(gw, echo("color", "red").backend(G2, INFRA));
    GrpcChecks.expect(gw, echo("color", "yellow").backend(G2, INFRA));
    GrpcChecks.expect(gw, echo("color", "purple").expect(Status.Code.UNIMPLEMENTED));
  }

  @Test
  @Upstream(features = {"Gateway", "GRPCRoute"})
  void GRPCRouteListenerHostnameMatching(ConformanceSuite suite) {
    suite.apply("grpcroute-listener-hostname-matching");
    String gw =
        StatusChecks.gatewayAndRoutesMustBeAccepted(
            suite,
            "grpcroute-listener-hostname-matching",
            "GRPCRoute",
            "backend-v1",
            "backend-v2",
            "backend-v3");
    GrpcChecks.expect(gw, call("Echo").authority("bar.com").backend(G1, INFRA));
    GrpcChecks.expect(gw, call("Echo").authority("foo.bar.com").backend(G2, INFRA));
    for (String host :
        new String[] {
          "baz.bar.com", "boo.bar.com", "multiple.prefixes.bar.com", "multiple.prefixes.foo.com"
        }) {
      GrpcChecks.expect(gw, call("Echo").authority(host).backend(G3, INFRA));
    }
    for (String host : new String[] {"foo.com", "no.matching.host"}) {
      GrpcChecks.expect(gw, call("Echo").authority(host).expect(Status.Code.UNIMPLEMENTED));
    }
  }

  @Test
  @Upstream(features = {"Gateway", "GRPCRoute"})
  void GRPCRouteWeight(ConformanceSuite suite) {
    String gw = accepted(suite, "grpcroute-weight", "weighted-backends");
    GrpcChecks.expectWeights(
        gw, call("Echo").backend("", INFRA), Map.of(G1, 0.7, G2, 0.3, G3, 0.0));
  }

  @Test
  @Upstream(
      features = {"Gateway", "GRPCRoute", "GRPCRouteNamedRouteRule"},
      provisional = true)
  void GRPCRouteNamedRule(ConformanceSuite suite) {
    String gw = accepted(suite, "grpcroute-named-rule", "grpc-named-rules");
    GrpcChecks.expect(gw, call("Echo").backend(G1, INFRA));
    GrpcChecks.expect(gw, call("EchoTwo").backend(G2, INFRA));
  }

  @Test
  @Upstream(features = {"Gateway", "GRPCRoute", "GRPCRouteRequestHeaderModifier"})
  void GRPCRouteRequestHeaderModifier(ConformanceSuite suite) {
    String gw =
        accepted(suite, "grpcroute-request-header-modifier", "grpc-request-header-modifier");
    GrpcChecks.expect(
        gw,
        call("Echo")
            .metadata("x-header-set", "original")
            .metadata("x-header-remove", "gone")
            .backend(G1, INFRA));
    GrpcChecks.expect(gw, call("EchoTwo").metadata("x-header-remove-1", "gone").backend(G2, INFRA));
  }

  @Test
  @Upstream(features = {"Gateway", "GRPCRoute", "BackendTLSPolicy"})
  void BackendTLSPolicyGRPCRoute(ConformanceSuite suite) {
    suite.apply("backendtlspolicy-grpcroute");
    String gw =
        StatusChecks.gatewayAndRoutesMustBeAccepted(
            suite,
            "same-namespace",
            "GRPCRoute",
            "backendtlspolicy-grpc",
            "backendtlspolicy-grpc-cert-mismatch");
    // h2 over TLS with the policy's SNI and CA: the pod's TLS port only answers gRPC that way.
    GrpcChecks.expect(gw, call("Echo").authority("abc.example.com").backend(G1, INFRA));
    // The certificate does not carry mismatch.example.com, or was not signed by the policy's CA:
    // the handshake fails and the gateway answers UNAVAILABLE rather than relaying unverified.
    GrpcChecks.expect(
        gw, call("EchoTwo").authority("abc.example.com").expect(Status.Code.UNAVAILABLE));
    GrpcChecks.expect(
        gw, call("Echo").authority("cert-mismatch.example.com").expect(Status.Code.UNAVAILABLE));
  }

  private static GrpcCase echo(String name, String value) {
    return call("Echo").metadata(name, value);
  }

  private static String accepted(ConformanceSuite suite, String manifest, String route) {
    suite.apply(manifest);
    return StatusChecks.gatewayAndRoutesMustBeAccepted(suite, "same-namespace", "GRPCRoute", route);
  }
}
