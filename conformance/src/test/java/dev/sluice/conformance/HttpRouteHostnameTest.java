package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.ListenerExpect;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.BaseConfig;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP: hostnames, listeners, isolation and several Gateways (notes §2.2). */
@ExtendWith(ConformanceExtension.class)
class HttpRouteHostnameTest {

  private static final String V1 = "infra-backend-v1";
  private static final String V2 = "infra-backend-v2";
  private static final String V3 = "infra-backend-v3";

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteHostnameIntersection(ConformanceSuite suite) {
    suite.apply("httproute-hostname-intersection");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite,
            "httproute-hostname-intersection",
            "specific-host-matches-listener-specific-host",
            "specific-host-matches-listener-wildcard-host",
            "wildcard-host-matches-listener-specific-host",
            "wildcard-host-matches-listener-wildcard-host");
    StatusChecks.routeMustHaveCondition(
        suite,
        "HTTPRoute",
        INFRA,
        "no-intersecting-hosts",
        "httproute-hostname-intersection",
        Cond.isFalse("Accepted", "NoMatchingListenerHostname"));
    List<String> kinds = List.of("HTTPRoute");
    Cond accepted = Cond.isTrue("Accepted");
    Cond resolved = Cond.isTrue("ResolvedRefs");
    StatusChecks.gatewayMustHaveListeners(
        suite,
        "httproute-hostname-intersection",
        List.of(
            ListenerExpect.of("listener-1", kinds, 2, accepted, resolved),
            ListenerExpect.of("listener-2", kinds, 1, accepted, resolved),
            ListenerExpect.of("listener-3", kinds, 1, accepted, resolved)));
    hit(gw, "/s1", V1, "very.specific.com");
    HttpChecks.expect(
        gw,
        get("/s1")
            .host("very.specific.com:1234")
            .expectHost("very.specific.com:1234")
            .backend(V1, INFRA));
    miss(gw, "/s1", "non.matching.com", "foo.nonmatchingwildcard.io", "foo.wildcard.io");
    miss(gw, "/non-matching-prefix", "very.specific.com");
    hit(gw, "/s2", V2, "foo.wildcard.io", "bar.wildcard.io", "foo.bar.wildcard.io");
    miss(gw, "/s2", "non.matching.com", "wildcard.io", "very.specific.com");
    miss(gw, "/non-matching-prefix", "foo.wildcard.io");
    hit(gw, "/s3", V3, "very.specific.com");
    miss(gw, "/s3", "non.matching.com", "foo.specific.com", "foo.wildcard.io");
    hit(gw, "/s4", V1, "foo.anotherwildcard.io", "bar.anotherwildcard.io");
    hit(gw, "/s4", V1, "foo.bar.anotherwildcard.io");
    miss(gw, "/s4", "anotherwildcard.io", "foo.wildcard.io", "very.specific.com");
    miss(gw, "/s5", "specific.but.wrong.com", "wildcard.io");

    String all =
        StatusChecks.httpRoutesAccepted(
            suite, "httproute-hostname-intersection-all", "hostname-intersection-all");
    hit(all, "/", V2, "first.com", "sub.first.com", "second.com", "sub.second.com");
    miss(all, "/", "third.com", "sub.third.com");
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteListenerHostnameMatching(ConformanceSuite suite) {
    suite.apply("httproute-listener-hostname-matching");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite,
            "httproute-listener-hostname-matching",
            "backend-v1",
            "backend-v2",
            "backend-v3");
    hit(gw, "/", V1, "bar.com");
    hit(gw, "/", V2, "foo.bar.com");
    hit(gw, "/", V3, "baz.bar.com", "boo.bar.com", "multiple.prefixes.bar.com");
    hit(gw, "/", V3, "multiple.prefixes.foo.com");
    miss(gw, "/", "foo.com", "no.matching.host");
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute", "HTTPRouteParentRefPort"})
  void HTTPRouteListenerPortMatching(ConformanceSuite suite) {
    suite.apply("httproute-listener-port-matching");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, "httproute-listener-port-matching", "backend-v1", "backend-v2", "backend-v3");
    HttpChecks.expect(gw, get("/").host("foo.com").backend(V1, INFRA));
    HttpChecks.expect(gw, get("/").port(8080).host("foo.com:8080").backend(V2, INFRA));
    HttpChecks.expect(gw, get("/").port(8080).host("bar.com:8080").backend(V2, INFRA));
    HttpChecks.expect(gw, get("/").port(8090).host("foo.com:8090").backend(V3, INFRA));
    HttpChecks.expect(gw, get("/").port(8090).host("bar.com:8090").expect(404));
  }

  @Test
  @Upstream(features = {"Gateway", "GatewayHTTPListenerIsolation", "HTTPRoute"})
  void GatewayHTTPListenerIsolation(ConformanceSuite suite) {
    for (String variant : List.of("", "-with-hostname-intersection")) {
      String name = "http-listener-isolation" + variant;
      suite.apply("gateway-http-listener-isolation" + variant);
      List<String> listeners =
          List.of(
              "empty-hostname",
              "wildcard-example-com",
              "wildcard-foo-example-com",
              "abc-foo-example-com");
      String gw =
          StatusChecks.httpRoutesAccepted(
              suite,
              name,
              listeners.stream().map(l -> "attaches-to-" + l + variant).toArray(String[]::new));
      List<String> hosts =
          List.of("bar.com", "bar.example.com", "bar.foo.example.com", "abc.foo.example.com");
      for (int h = 0; h < hosts.size(); h++) {
        for (int l = 0; l < listeners.size(); l++) {
          if (h == l) {
            hit(gw, "/" + listeners.get(l), V1, hosts.get(h));
          } else {
            miss(gw, "/" + listeners.get(l), hosts.get(h));
          }
        }
      }
    }
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteMultipleGateways(ConformanceSuite suite) {
    suite.apply("httproute-multiple-gateways");
    String same =
        StatusChecks.httpRoutesAccepted(
            suite,
            "same-namespace",
            "multiple-gateways-shared-route",
            "same-namespace-dedicated-route");
    String all =
        StatusChecks.httpRoutesAccepted(
            suite,
            "all-namespaces",
            "multiple-gateways-shared-route",
            "all-namespaces-dedicated-route");
    HttpChecks.expect(same, get("/shared").backend(V1, INFRA));
    HttpChecks.expect(same, get("/").backend(V2, INFRA));
    HttpChecks.expect(all, get("/shared").backend(V1, INFRA));
    HttpChecks.expect(all, get("/").backend(V3, INFRA));
  }

  @Test
  @Upstream(features = {"Gateway", "HTTPRoute"})
  void HTTPRouteCrossNamespace(ConformanceSuite suite) {
    suite.apply("httproute-cross-namespace");
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, "backend-namespaces", BaseConfig.WEB_BACKEND + "/cross-namespace");
    HttpChecks.expect(gw, get("/").backend("web-backend", BaseConfig.WEB_BACKEND));
  }

  private static void hit(String gw, String path, String backend, String... hosts) {
    for (String host : hosts) {
      HttpChecks.expect(gw, get(path).host(host).backend(backend, INFRA));
    }
  }

  private static void miss(String gw, String path, String... hosts) {
    for (String host : hosts) {
      HttpChecks.expect(gw, get(path).host(host).expect(404));
    }
  }
}
