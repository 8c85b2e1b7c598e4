package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.ExpectedParent;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP core: the simplest routes, and route status. */
@ExtendWith(ConformanceExtension.class)
class HttpRouteBasicsTest {

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteSimpleSameNamespace(ConformanceSuite suite) {
    suite.apply("httproute-simple-same-namespace");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "gateway-conformance-infra-test");
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        "gateway-conformance-infra-test",
        List.of(
            ExpectedParent.gateway(
                "same-namespace",
                Cond.isTrue("Accepted", "Accepted"),
                Cond.isTrue("ResolvedRefs", "ResolvedRefs"))));
    HttpChecks.expect(gw, get("/").backend("infra-backend-v1", INFRA));
  }
}
