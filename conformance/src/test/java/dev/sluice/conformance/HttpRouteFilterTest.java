package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP: header modifiers and mirrors (notes §2.3, §2.4, mirror check §5.6). */
@ExtendWith(ConformanceExtension.class)
class HttpRouteFilterTest {

  private static HttpCase v1(HttpCase c) {
    return c.backend("infra-backend-v1", INFRA);
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteRequestHeaderModifier(ConformanceSuite suite) {
    suite.apply("httproute-request-header-modifier");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "request-header-modifier");
    HttpChecks.expect(
        gw,
        v1(get("/set").header("Some-Other-Header", "val"))
            .expectHeader("Some-Other-Header", "val")
            .expectHeader("X-Header-Set", "set-overwrites-values"));
    HttpChecks.expect(
        gw,
        v1(get("/set").header("X-Header-Set", "some-other-value"))
            .expectHeader("X-Header-Set", "set-overwrites-values"));
    HttpChecks.expect(gw, v1(get("/add")).expectHeader("X-Header-Add", "add-appends-values"));
    HttpChecks.expect(
        gw,
        v1(get("/add").header("X-Header-Add", "some-other-value"))
            .expectHeader("X-Header-Add", "some-other-value,add-appends-values"));
    HttpChecks.expect(
        gw,
        v1(get("/remove").header("X-Header-Remove", "val"))
            .expectAbsentRequestHeaders("X-Header-Remove"));
    HttpChecks.expect(
        gw,
        v1(get("/multiple")
                .header("X-Header-Set-2", "set-val-2")
                .header("X-Header-Add-2", "add-val-2")
                .header("X-Header-Remove-2", "remove-val-2")
                .header("Another-Header", "another-header-val"))
            .expectHeader("X-Header-Set-1", "header-set-1")
            .expectHeader("X-Header-Set-2", "header-set-2")
            .expectHeader("X-Header-Add-1", "header-add-1")
            .expectHeader("X-Header-Add-2", "add-val-2,header-add-2")
            .expectHeader("X-Header-Add-3", "header-add-3")
            .expectHeader("Another-Header", "another-header-val")
            .expectAbsentRequestHeaders("X-Header-Remove-1", "X-Header-Remove-2"));
    HttpChecks.expect(
        gw,
        v1(get("/case-insensitivity")
                .header("x-header-set", "original-val-set")
                .header("x-header-add", "original-val-add")
                .header("x-header-remove", "original-val-remove"))
            .expectHeader("X-Header-Set", "header-set")
            .expectHeader("X-Header-Add", "original-val-add,header-add")
            .expectAbsentRequestHeaders("x-header-remove"));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteRequestMirror"})
  void HTTPRouteRequestMirror(ConformanceSuite suite) {
    suite.apply("httproute-request-mirror");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "request-mirror");
    HttpChecks.expectMirrored(
        suite.fleet(), gw, v1(get("/mirror")), List.of(INFRA + "/infra-backend-v2"));
    HttpChecks.expectMirrored(
        suite.fleet(),
        gw,
        HttpRouteModifierTest.withHeaderEdits(v1(get("/mirror-and-modify-headers"))),
        List.of(INFRA + "/infra-backend-v2"));
  }

  @Test
  @Upstream(
      features = {
        "Gateway",
        "HTTPRoute",
        "HTTPRouteRequestMirror",
        "HTTPRouteRequestMultipleMirrors"
      })
  void HTTPRouteRequestMultipleMirrors(ConformanceSuite suite) {
    suite.apply("httproute-request-multiple-mirrors");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "request-multiple-mirrors");
    HttpChecks.expectMirrored(
        suite.fleet(),
        gw,
        v1(get("/multi-mirror")),
        List.of(INFRA + "/infra-backend-v2", INFRA + "/infra-backend-v3"));
    HttpChecks.expectMirrored(
        suite.fleet(),
        gw,
        HttpRouteModifierTest.withHeaderEdits(v1(get("/multi-mirror-and-modify-request-headers"))),
        List.of(INFRA + "/infra-backend-v2", INFRA + "/infra-backend-v3"));
  }
}
