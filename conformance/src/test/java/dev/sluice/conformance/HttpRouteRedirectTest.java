package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.checks.HttpCase.request;

import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.Redirect;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP: RequestRedirect (notes §2.3, redirect checks §5.4). */
@ExtendWith(ConformanceExtension.class)
class HttpRouteRedirectTest {

  private static HttpCase redirect(HttpCase c, int status, Redirect to) {
    return c.expect(status).expectRedirect(to);
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteRedirectHostAndStatus(ConformanceSuite suite) {
    suite.apply("httproute-redirect-host-and-status");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "redirect-host-and-status");
    HttpChecks.expect(
        gw, redirect(get("/hostname-redirect"), 302, Redirect.to().host("example.org")));
    HttpChecks.expect(
        gw, redirect(get("/host-and-status"), 301, Redirect.to().host("example.org")));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRoutePathRedirect"})
  void HTTPRouteRedirectPath(ConformanceSuite suite) {
    suite.apply("httproute-redirect-path");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "redirect-path");
    Redirect to = Redirect.to();
    HttpChecks.expect(
        gw, redirect(get("/original-prefix/lemon"), 302, to.path("/replacement-prefix/lemon")));
    HttpChecks.expect(
        gw, redirect(get("/full/path/original"), 302, to.path("/full-path-replacement")));
    HttpChecks.expect(
        gw,
        redirect(get("/path-and-host"), 302, to.host("example.org").path("/replacement-prefix")));
    HttpChecks.expect(gw, redirect(get("/path-and-status"), 301, to.path("/replacement-prefix")));
    HttpChecks.expect(
        gw,
        redirect(
            get("/full-path-and-host"), 302, to.host("example.org").path("/replacement-full")));
    HttpChecks.expect(
        gw, redirect(get("/full-path-and-status"), 301, to.path("/replacement-full")));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRoutePortRedirect"})
  void HTTPRouteRedirectPort(ConformanceSuite suite) {
    suite.apply("httproute-redirect-port");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "redirect-port");
    Redirect to = Redirect.to().port("8083");
    HttpChecks.expect(gw, redirect(get("/port"), 302, to));
    HttpChecks.expect(gw, redirect(get("/port-and-host"), 302, to.host("example.org")));
    HttpChecks.expect(gw, redirect(get("/port-and-status"), 301, to));
    HttpChecks.expect(gw, redirect(get("/port-and-host-and-status"), 302, to.host("example.org")));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteSchemeRedirect"})
  void HTTPRouteRedirectScheme(ConformanceSuite suite) {
    suite.apply("httproute-redirect-scheme");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "redirect-scheme");
    Redirect to = Redirect.to().scheme("https");
    HttpChecks.expect(gw, redirect(get("/scheme"), 302, to));
    HttpChecks.expect(gw, redirect(get("/scheme-and-host"), 302, to.host("example.org")));
    HttpChecks.expect(gw, redirect(get("/scheme-and-status"), 301, to));
    HttpChecks.expect(
        gw, redirect(get("/scheme-and-host-and-status"), 302, to.host("example.org")));
  }

  @Test
  @Upstream(
      features = {"Gateway", "HTTPRoute", "HTTPRoute303RedirectStatusCode"},
      provisional = true)
  void HTTPRoute303Redirect(ConformanceSuite suite) {
    suite.apply("httproute-303-redirect");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "redirect-303");
    HttpChecks.expect(gw, redirect(request("POST", "/see-other"), 303, Redirect.to()));
  }

  @Test
  @Upstream(
      features = {"Gateway", "HTTPRoute", "HTTPRoute307RedirectStatusCode"},
      provisional = true)
  void HTTPRoute307Redirect(ConformanceSuite suite) {
    suite.apply("httproute-307-redirect");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "redirect-307");
    HttpChecks.expect(gw, redirect(get("/temporary"), 307, Redirect.to()));
  }

  @Test
  @Upstream(
      features = {"Gateway", "HTTPRoute", "HTTPRoute308RedirectStatusCode"},
      provisional = true)
  void HTTPRoute308Redirect(ConformanceSuite suite) {
    suite.apply("httproute-308-redirect");
    String gw = StatusChecks.httpRoutesAccepted(suite, "same-namespace", "redirect-308");
    HttpChecks.expect(gw, redirect(get("/permanent"), 308, Redirect.to()));
  }
}
