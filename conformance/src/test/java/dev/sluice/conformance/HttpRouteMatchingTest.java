package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.checks.HttpCase.request;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP: path, header, query and method matching, and their precedence (notes §2.1). */
@ExtendWith(ConformanceExtension.class)
class HttpRouteMatchingTest {

  private static final String V1 = "infra-backend-v1";
  private static final String V2 = "infra-backend-v2";
  private static final String V3 = "infra-backend-v3";

  private static HttpCase to(HttpCase c, String backend) {
    return c.backend(backend, INFRA);
  }

  private static HttpCase notFound(HttpCase c) {
    return c.expect(404);
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteMatching(ConformanceSuite suite) {
    suite.apply("httproute-matching");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "matching");
    HttpChecks.expect(gw, to(get("/"), V1));
    HttpChecks.expect(gw, to(get("/example"), V1));
    HttpChecks.expect(gw, to(get("/").header("Version", "one"), V1));
    HttpChecks.expect(gw, to(get("/v2"), V2));
    HttpChecks.expect(gw, to(get("/v2/example"), V2));
    HttpChecks.expect(gw, to(get("/").header("Version", "two"), V2));
    HttpChecks.expect(gw, to(get("/v2/"), V2));
    HttpChecks.expect(gw, to(get("/v2example"), V1));
    HttpChecks.expect(gw, to(get("/foo/v2/example"), V1));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteExactPathMatching(ConformanceSuite suite) {
    suite.apply("httproute-exact-path-matching");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "exact-matching");
    HttpChecks.expect(gw, to(get("/one"), V1));
    HttpChecks.expect(gw, to(get("/two"), V2));
    for (String path : new String[] {"/", "/one/example", "/two/", "/Two"}) {
      HttpChecks.expect(gw, notFound(get(path)));
    }
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteHeaderMatching(ConformanceSuite suite) {
    suite.apply("httproute-header-matching");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "header-matching");
    HttpChecks.expect(gw, to(get("/").header("Version", "one"), V1));
    HttpChecks.expect(gw, to(get("/").header("Version", "two"), V2));
    HttpChecks.expect(gw, to(get("/").header("Version", "two").header("Color", "orange"), V1));
    HttpChecks.expect(gw, to(get("/").header("Version", "two").header("Color", "blue"), V2));
    HttpChecks.expect(gw, notFound(get("/").header("Color", "orange")));
    HttpChecks.expect(gw, notFound(get("/").header("Some-Other-Header", "one")));
    HttpChecks.expect(gw, to(get("/").header("Color", "blue"), V1));
    HttpChecks.expect(gw, to(get("/").header("Color", "green"), V1));
    HttpChecks.expect(gw, to(get("/").header("Color", "red"), V2));
    HttpChecks.expect(gw, to(get("/").header("Color", "yellow"), V2));
    HttpChecks.expect(gw, notFound(get("/").header("Color", "purple")));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteQueryParamMatching"})
  void HTTPRouteQueryParamMatching(ConformanceSuite suite) {
    suite.apply("httproute-query-param-matching");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "query-param-matching");
    HttpChecks.expect(gw, to(get("/?animal=whale"), V1));
    HttpChecks.expect(gw, to(get("/?animal=dolphin"), V2));
    HttpChecks.expect(gw, to(get("/?animal=dolphin&color=blue"), V3));
    HttpChecks.expect(gw, to(get("/?ANIMAL=Whale"), V3));
    HttpChecks.expect(gw, to(get("/?animal=whale&otherparam=irrelevant"), V1));
    HttpChecks.expect(gw, to(get("/?animal=dolphin&color=yellow"), V2));
    for (String path :
        new String[] {"/?color=blue", "/?animal=dog", "/?animal=whaledolphin", "/"}) {
      HttpChecks.expect(gw, notFound(get(path)));
    }
    HttpChecks.expect(gw, to(get("/path1?animal=whale"), V1));
    HttpChecks.expect(gw, to(get("/?animal=whale").header("version", "one"), V2));
    HttpChecks.expect(gw, to(get("/path2?animal=whale").header("version", "two"), V3));
    HttpChecks.expect(gw, to(get("/path3?animal=shark"), V1));
    HttpChecks.expect(gw, to(get("/path4?animal=kraken").header("version", "three"), V1));
    HttpChecks.expect(gw, notFound(get("/?animal=shark")));
    HttpChecks.expect(gw, notFound(get("/path4?animal=kraken")));
    HttpChecks.expect(gw, to(get("/path5?animal=hydra"), V1));
    HttpChecks.expect(gw, to(get("/?animal=hydra").header("version", "four"), V3));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteMethodMatching"})
  void HTTPRouteMethodMatching(ConformanceSuite suite) {
    suite.apply("httproute-method-matching");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "method-matching");
    HttpChecks.expect(gw, to(request("POST", "/"), V1));
    HttpChecks.expect(gw, to(get("/"), V2));
    HttpChecks.expect(gw, notFound(request("HEAD", "/")));
    HttpChecks.expect(gw, to(get("/path1"), V1));
    HttpChecks.expect(gw, to(request("PUT", "/").header("version", "one"), V2));
    HttpChecks.expect(gw, to(request("POST", "/path2").header("version", "two"), V3));
    HttpChecks.expect(gw, to(request("PATCH", "/path3"), V1));
    HttpChecks.expect(gw, to(request("DELETE", "/path4").header("version", "three"), V1));
    HttpChecks.expect(gw, notFound(request("PUT", "/")));
    HttpChecks.expect(gw, notFound(request("DELETE", "/path4")));
    HttpChecks.expect(gw, to(request("PATCH", "/path5"), V1));
    HttpChecks.expect(gw, to(request("PATCH", "/").header("version", "four"), V2));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRoutePathMatchOrder(ConformanceSuite suite) {
    suite.apply("httproute-path-match-order");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "path-matching-order");
    HttpChecks.expect(gw, to(get("/match/exact/one"), V3));
    HttpChecks.expect(gw, to(get("/match/exact"), V2));
    HttpChecks.expect(gw, to(get("/match"), V1));
    HttpChecks.expect(gw, to(get("/match/prefix/one/any"), V2));
    HttpChecks.expect(gw, to(get("/match/prefix/any"), V1));
    HttpChecks.expect(gw, to(get("/match/any"), V3));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteMatchingAcrossRoutes(ConformanceSuite suite) {
    suite.apply("httproute-matching-across-routes");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, "same-namespace", "matching-part1", "matching-part2");
    HttpChecks.expect(gw, to(get("/").host("example.com"), V1));
    HttpChecks.expect(gw, to(get("/example").host("example.com"), V1));
    HttpChecks.expect(gw, to(get("/example").host("example.net"), V1));
    HttpChecks.expect(gw, to(get("/example").host("example.com").header("Version", "one"), V1));
    HttpChecks.expect(gw, to(get("/v2").host("example.com"), V2));
    HttpChecks.expect(gw, to(get("/v2").host("example.net"), V1));
    HttpChecks.expect(gw, to(get("/v2/example").host("example.com"), V2));
    HttpChecks.expect(gw, to(get("/").host("example.com").header("Version", "two"), V2));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteNoBackendRefs(ConformanceSuite suite) {
    suite.apply("httproute-omitted-backendrefs");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "omitted-backendrefs");
    HttpChecks.expect(gw, get("/omitted-no-forward").expect(500));
    HttpChecks.expect(gw, get("/empty-no-forward").expect(500));
    HttpChecks.expect(gw, to(get("/forward"), V1));
  }

  @Test
  @Upstream(
      features = {"Gateway", "HTTPRoute", "HTTPRouteNamedRouteRule"},
      provisional = true)
  void HTTPRouteNamedRule(ConformanceSuite suite) {
    suite.apply("httproute-named-rule");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "http-named-rules");
    HttpChecks.expect(gw, get("/named").namespace(INFRA));
    HttpChecks.expect(gw, get("/unnamed").namespace(INFRA));
  }
}
