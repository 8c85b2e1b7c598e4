package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP: weights and mirrors (notes §2.4, §2.5). */
@ExtendWith(ConformanceExtension.class)
class HttpRouteTrafficTest {

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteWeight(ConformanceSuite suite) {
    suite.apply("httproute-weight");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "weighted-backends");
    HttpChecks.expectWeights(
        gw,
        () -> get("/").namespace(INFRA),
        Map.of("infra-backend-v1", 0.7, "infra-backend-v2", 0.3, "infra-backend-v3", 0.0));
  }
}
