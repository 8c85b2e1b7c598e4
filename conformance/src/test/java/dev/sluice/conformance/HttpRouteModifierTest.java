package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.conformance.checks.EchoedRequest;
import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.HttpResult;
import dev.sluice.conformance.checks.Redirect;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GATEWAY-HTTP: backendRef header modifiers, response header modifiers, URL rewrites and the
 * backendRef redirect (notes §2.3).
 */
@ExtendWith(ConformanceExtension.class)
class HttpRouteModifierTest {

  private static final String V1 = "infra-backend-v1";
  private static final String V2 = "infra-backend-v2";

  private static HttpCase v1(HttpCase c) {
    return c.backend(V1, INFRA);
  }

  /** The header edits several upstream routes combine with another filter (notes §2.3). */
  static HttpCase withHeaderEdits(HttpCase c) {
    return c.header("X-Header-Remove", "remove-val")
        .header("X-Header-Add-Append", "append-val-1")
        .expectHeader("X-Header-Add", "header-val-1")
        .expectHeader("X-Header-Add-Append", "append-val-1,header-val-2")
        .expectHeader("X-Header-Set", "set-overwrites-values")
        .expectAbsentRequestHeaders("X-Header-Remove");
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteBackendRequestHeaderModification"})
  void HTTPRouteBackendRequestHeaderModifier(ConformanceSuite suite) {
    suite.apply("httproute-request-header-modifier-backend");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "request-header-modifier-backend");
    HttpChecks.expectAll(gw, RequestHeaderCases.all(V1));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRouteBackendRequestHeaderModification", "HTTPRoute"})
  void HTTPRouteRequestHeaderModifierBackendWeights(ConformanceSuite suite) throws IOException {
    suite.apply("httproute-request-header-modifier-backend-weights");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, "same-namespace", "request-header-modifier-backend-weights");
    HttpChecks.expect(gw, get("/").namespace(INFRA));
    for (int i = 0; i < 100; i++) {
      HttpResult response = HttpChecks.send(gw, get("/"));
      assertThat(response.status()).as("request %d", i).isEqualTo(200);
      EchoedRequest echo = response.echoed().orElseThrow();
      List<String> backend = echo.headers().getOrDefault("Backend", List.of());
      assertThat(backend).as("Backend header seen by %s", echo.pod()).hasSize(1);
      assertThat(echo.pod()).startsWith(backend.get(0));
    }
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteResponseHeaderModification"})
  void HTTPRouteResponseHeaderModifier(ConformanceSuite suite) {
    suite.apply("httproute-response-header-modifier");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "response-header-modifier");
    HttpChecks.expectAll(
        gw,
        List.of(
            v1(get("/set").backendSets("Some-Other-Header:val"))
                .expectResponseHeader("Some-Other-Header", "val")
                .expectResponseHeader("X-Header-Set", "set-overwrites-values"),
            v1(get("/set").backendSets("X-Header-Set:some-other-value"))
                .expectResponseHeader("X-Header-Set", "set-overwrites-values"),
            v1(get("/add").backendSets("Some-Other-Header:val"))
                .expectResponseHeader("Some-Other-Header", "val")
                .expectResponseHeader("X-Header-Add", "add-appends-values"),
            v1(get("/add").backendSets("X-Header-Add:some-other-value"))
                .expectResponseHeader("X-Header-Add", "some-other-value,add-appends-values"),
            v1(get("/remove").backendSets("X-Header-Remove:val"))
                .expectAbsentResponseHeaders("X-Header-Remove"),
            v1(get("/multiple").backendSets(MULTIPLE))
                .expectResponseHeader("X-Header-Set-1", "header-set-1")
                .expectResponseHeader("X-Header-Set-2", "header-set-2")
                .expectResponseHeader("X-Header-Add-1", "header-add-1")
                .expectResponseHeader("X-Header-Add-2", "add-val-2,header-add-2")
                .expectResponseHeader("X-Header-Add-3", "header-add-3")
                .expectResponseHeader("Another-Header", "another-header-val")
                .expectAbsentResponseHeaders("X-Header-Remove-1", "X-Header-Remove-2"),
            v1(get("/case-insensitivity")
                    .backendSets(
                        "x-header-set:original-val-set,x-header-add:original-val-add,"
                            + "x-header-remove:original-val-remove"))
                .expectResponseHeader("X-Header-Set", "header-set")
                .expectResponseHeader("X-Header-Add", "original-val-add,header-add")
                .expectResponseHeader("X-Lowercase-Add", "lowercase-add")
                .expectResponseHeader("X-Mixedcase-Add-1", "mixedcase-add-1")
                .expectResponseHeader("X-Mixedcase-Add-2", "mixedcase-add-2")
                .expectResponseHeader("X-Uppercase-Add", "uppercase-add")
                .expectAbsentResponseHeaders("x-header-remove"),
            withHeaderEdits(
                    v1(
                        get("/response-and-request-header-modifiers")
                            .header("X-Header-Echo", "echo")
                            .backendSets(MULTIPLE + ",X-Header-Echo:echo")))
                .expectHeader("X-Header-Echo", "echo")
                .expectResponseHeader("X-Header-Set-1", "header-set-1")
                .expectResponseHeader("X-Header-Set-2", "header-set-2")
                .expectResponseHeader("X-Header-Add-1", "header-add-1")
                .expectResponseHeader("X-Header-Add-2", "add-val-2,header-add-2")
                .expectResponseHeader("Another-Header", "another-header-val")
                .expectResponseHeader("X-Header-Echo", "echo")
                .expectAbsentResponseHeaders("X-Header-Remove-1", "X-Header-Remove-2")));
  }

  private static final String MULTIPLE =
      "X-Header-Set-2:set-val-2,X-Header-Add-2:add-val-2,X-Header-Remove-2:remove-val-2,"
          + "Another-Header:another-header-val";

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteHostRewrite"})
  void HTTPRouteRewriteHost(ConformanceSuite suite) {
    suite.apply("httproute-rewrite-host");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "rewrite-host");
    UnaryOperator<HttpCase> host = c -> c.host("rewrite.example");
    HttpChecks.expectAll(
        gw,
        List.of(
            v1(host.apply(get("/one"))).expectHost("one.example.org"),
            host.apply(get("/two")).backend(V2, INFRA).expectHost("example.org"),
            withHeaderEdits(host.apply(get("/rewrite-host-and-modify-headers")))
                .backend(V2, INFRA)
                .expectHost("test.example.org")));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRoutePathRewrite"})
  void HTTPRouteRewritePath(ConformanceSuite suite) {
    suite.apply("httproute-rewrite-path");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "rewrite-path");
    HttpChecks.expectAll(
        gw,
        List.of(
            v1(get("/prefix/one/two")).expectPath("/one/two"),
            v1(get("/strip-prefix/three")).expectPath("/three"),
            v1(get("/strip-prefix")).expectPath("/"),
            v1(get("/full/one/two")).expectPath("/one"),
            withHeaderEdits(v1(get("/full/rewrite-path-and-modify-headers/test")))
                .expectPath("/test"),
            withHeaderEdits(v1(get("/prefix/rewrite-path-and-modify-headers/one")))
                .expectPath("/prefix/one")));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteBackendURLRewrite"})
  void HTTPRouteBackendURLRewrite(ConformanceSuite suite) {
    suite.apply("httproute-backend-url-rewrite");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "backend-url-rewrite");
    HttpChecks.expectAll(
        gw,
        List.of(
            v1(get("/full/original")).expectPath("/rewritten-full"),
            v1(get("/prefix/original")).expectPath("/rewritten-prefix/original")));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteBackendRequestRedirect"})
  void HTTPRouteBackendRequestRedirect(ConformanceSuite suite) {
    suite.apply("httproute-backend-request-redirect");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "backend-request-redirect");
    HttpChecks.expectAll(
        gw,
        List.of(
            get("/full/original")
                .expect(302)
                .expectRedirect(Redirect.to().path("/redirected-full")),
            get("/prefix/original")
                .expect(302)
                .expectRedirect(Redirect.to().path("/redirected-prefix/original"))));
  }
}
