package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.ExpectedParent;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.BaseConfig;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.harness.Manifest;
import dev.sluice.conformance.report.Upstream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP: ReferenceGrants, invalid references and route status (notes §2.9, §2.10). */
@ExtendWith(ConformanceExtension.class)
class HttpRouteReferenceTest {

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "ReferenceGrant"})
  void HTTPRouteReferenceGrant(ConformanceSuite suite) {
    suite.apply("httproute-reference-grant-grant");
    suite.apply("httproute-reference-grant");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "reference-grant");
    HttpChecks.expect(gw, get("/").backend("web-backend", BaseConfig.WEB_BACKEND));
    suite.delete("httproute-reference-grant-grant");
    HttpChecks.expect(gw, get("/").expect(500));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "ReferenceGrant"})
  void HTTPRouteInvalidReferenceGrant(ConformanceSuite suite) {
    suite.apply("httproute-invalid-reference-grant");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "invalid-reference-grant");
    resolvedRefsFalse(suite, "invalid-reference-grant", "RefNotPermitted");
    HttpChecks.expect(gw, get("/").expect(500));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "ReferenceGrant"})
  void HTTPRouteInvalidCrossNamespaceBackendRef(ConformanceSuite suite) {
    suite.apply("httproute-invalid-cross-namespace-backend-ref");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, "same-namespace", "invalid-cross-namespace-backend-ref");
    resolvedRefsFalse(suite, "invalid-cross-namespace-backend-ref", "RefNotPermitted");
    HttpChecks.expect(gw, get("/").expect(500));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "ReferenceGrant"})
  void HTTPRoutePartiallyInvalidViaInvalidReferenceGrant(ConformanceSuite suite) {
    suite.apply("httproute-partially-invalid-via-invalid-reference-grant");
    String route = "invalid-backend-ref-partially-via-reference-grant";
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", route);
    resolvedRefsFalse(suite, route, "RefNotPermitted");
    HttpChecks.expect(gw, get("/v2").expect(500));
    HttpChecks.expect(gw, get("/").backend("app-backend-v1", BaseConfig.APP_BACKEND));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteInvalidCrossNamespaceParentRef(ConformanceSuite suite) {
    suite.apply("httproute-invalid-cross-namespace-parent-ref");
    String route = "invalid-cross-namespace-parent-ref";
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        BaseConfig.WEB_BACKEND,
        route,
        List.of(
            ExpectedParent.gateway(
                "same-namespace",
                Cond.isTrue("ResolvedRefs", "ResolvedRefs"),
                Cond.isFalse("Accepted", "NotAllowedByListeners"))));
    StatusChecks.routeMustHaveNoAcceptedParents(suite, "HTTPRoute", BaseConfig.WEB_BACKEND, route);
    StatusChecks.gatewayMustHaveZeroRoutes(suite, "same-namespace");
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteInvalidNonExistentBackendRef(ConformanceSuite suite) {
    suite.apply("httproute-invalid-nonexistent-backendref");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "invalid-nonexistent-backend-ref");
    resolvedRefsFalse(suite, "invalid-nonexistent-backend-ref", "BackendNotFound");
    HttpChecks.expect(gw, get("/").expect(500));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteInvalidBackendRefUnknownKind(ConformanceSuite suite) {
    suite.apply("httproute-invalid-backendref-unknown-kind");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, "same-namespace", "invalid-backend-ref-unknown-kind");
    resolvedRefsFalse(suite, "invalid-backend-ref-unknown-kind", "InvalidKind");
    HttpChecks.expect(gw, get("/v2").expect(500));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteInvalidParentRefNotMatchingSectionName(ConformanceSuite suite) {
    suite.apply("httproute-invalid-parentref-not-matching-section-name");
    String route = "httproute-invalid-parentref-not-matching-section-name";
    StatusChecks.routeMustHaveCondition(
        suite,
        "HTTPRoute",
        INFRA,
        route,
        "same-namespace",
        Cond.isFalse("Accepted", "NoMatchingParent"));
    StatusChecks.routeMustHaveNoAcceptedParents(suite, "HTTPRoute", INFRA, route);
    StatusChecks.gatewayMustHaveZeroRoutes(suite, "same-namespace");
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteDestinationPortMatching"})
  void HTTPRouteInvalidParentRefNotMatchingListenerPort(ConformanceSuite suite) {
    suite.apply("httproute-invalid-parentref-not-matching-listener-port");
    String route = "httproute-listener-not-matching-route-port";
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        route,
        List.of(
            ExpectedParent.gateway(
                "same-namespace",
                Cond.isTrue("ResolvedRefs", "ResolvedRefs"),
                Cond.isFalse("Accepted", "NoMatchingParent"))));
    StatusChecks.gatewayMustHaveZeroRoutes(suite, "same-namespace");
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteParentRefPort"})
  void HTTPRouteInvalidParentRefSectionNameNotMatchingPort(ConformanceSuite suite) {
    suite.apply("httproute-invalid-parentref-section-name-not-matching-port");
    String gateway = "gateway-with-one-not-matching-port-and-section-name-route";
    String route = "httproute-listener-section-name-not-matching-port";
    StatusChecks.routeMustHaveCondition(
        suite, "HTTPRoute", INFRA, route, gateway, Cond.isFalse("Accepted", "NoMatchingParent"));
    StatusChecks.routeMustHaveNoAcceptedParents(suite, "HTTPRoute", INFRA, route);
    StatusChecks.gatewayMustHaveZeroRoutes(suite, gateway);
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteObservedGenerationBump(ConformanceSuite suite) {
    Manifest original = suite.apply("httproute-observed-generation-bump");
    String route = "observed-generation-bump";
    StatusChecks.httpRoutesAccepted(suite, "same-namespace", route);
    StatusChecks.latestObservedGeneration(suite, "HTTPRoute", INFRA, route, 1);
    String bumped =
        original
            .text()
            .replace("infra-backend-v1", "infra-backend-v2")
            .replace(
                "namespace: gateway-conformance-infra}",
                "namespace: gateway-conformance-infra, generation: 2}");
    suite.apply("httproute-observed-generation-bump", Manifest.of(bumped));
    StatusChecks.routeMustHaveCondition(
        suite, "HTTPRoute", INFRA, route, "same-namespace", Cond.isTrue("Accepted"));
    StatusChecks.routeMustHaveCondition(
        suite, "HTTPRoute", INFRA, route, "same-namespace", Cond.isTrue("ResolvedRefs"));
    StatusChecks.latestObservedGeneration(suite, "HTTPRoute", INFRA, route, 2);
  }

  private static void resolvedRefsFalse(ConformanceSuite suite, String route, String reason) {
    StatusChecks.routeMustHaveCondition(
        suite, "HTTPRoute", INFRA, route, "same-namespace", Cond.isFalse("ResolvedRefs", reason));
  }
}
