package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Cond;
import dev.sluice.conformance.checks.ExpectedParent;
import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.ListenerSetChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ListenerSet (notes §2.14): which ListenerSets a Gateway admits ({@code spec.allowedListeners}),
 * their statuses, the Gateway's {@code status.attachedListenerSets}, and route parents of kind
 * ListenerSet.
 */
@ExtendWith(ConformanceExtension.class)
class ListenerSetTest {

  private static final String KIND = "ListenerSet";
  private static final Cond NOT_ACCEPTED = Cond.isFalse("Accepted", "NotAllowed");
  private static final Cond NOT_PROGRAMMED = Cond.isFalse("Programmed", "NotAllowed");

  @Test
  @Upstream(features = {"Gateway", "ListenerSet"})
  void ListenerSetDefaultNotAllowed(ConformanceSuite suite) {
    suite.apply("listenerset-default-not-allowed");
    notAllowed(
        suite, "gateway-default-does-not-allow-listenerset", "listenerset-default-not-allowed");
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet"})
  void ListenerSetAllowedNamespaceNone(ConformanceSuite suite) {
    suite.apply("listenerset-allowed-namespace-none");
    notAllowed(suite, "gateway-does-not-allow-listenerset", "listenerset-not-allowed");
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet"})
  void ListenerSetAllowedNamespaceSame(ConformanceSuite suite) {
    suite.apply("listenerset-allowed-namespace-same");
    String gateway = "gateway-allows-listenerset-in-same-namespace";
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted"));
    ListenerSetChecks.mustHave(
        suite,
        INFRA,
        "listenerset-in-same-namespace",
        Cond.isTrue("Accepted", "Accepted"),
        Cond.isTrue("Programmed", "Programmed"));
    ListenerSetChecks.listenerReady(
        suite, INFRA, "listenerset-in-same-namespace", "listenerset-in-same-namespace-listener");
    ListenerSetChecks.attachedListenerSets(suite, gateway, 1);
    ListenerSetChecks.mustHave(
        suite,
        "gateway-api-listenerset-not-allowed-ns",
        "listenerset-in-different-namespace",
        NOT_ACCEPTED,
        NOT_PROGRAMMED);
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet", "HTTPRoute"})
  void ListenerSetRouteStatusScopedToParentRef(ConformanceSuite suite) {
    suite.apply("listenerset-route-status-scoped-to-parentref");
    Cond accepted = Cond.isTrue("Accepted");
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        "route-parentref-gwonly",
        List.of(ExpectedParent.gateway("gateway-parentref", accepted)));
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        "route-parentref-lsonly",
        List.of(new ExpectedParent(KIND, INFRA, "listenerset-parentref", List.of(accepted))));
    ListenerSetChecks.listenerAttachedRoutes(
        suite, INFRA, "listenerset-parentref", "listenerset-parentref-listener", 1);
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet"})
  void ListenerSetAllowedNamespaceSelector(ConformanceSuite suite) {
    suite.apply("listenerset-allowed-namespace-selector");
    String gateway = "gateway-allows-listenerset-in-selected-namespace";
    String allowedNs = "gateway-api-listenerset-selector-allowed-ns";
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted"));
    ListenerSetChecks.mustHave(
        suite,
        allowedNs,
        "listenerset-in-selected-namespace",
        Cond.isTrue("Accepted", "Accepted"),
        Cond.isTrue("Programmed", "Programmed"));
    ListenerSetChecks.listenerReady(
        suite,
        allowedNs,
        "listenerset-in-selected-namespace",
        "listenerset-in-selected-namespace-listener");
    ListenerSetChecks.attachedListenerSets(suite, gateway, 1);
    ListenerSetChecks.mustHave(
        suite,
        "gateway-api-listenerset-selector-not-allowed-ns",
        "listenerset-not-in-selected-namespace",
        NOT_ACCEPTED,
        NOT_PROGRAMMED);
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet", "HTTPRoute"})
  void ListenerSetDualParentRefIndependence(ConformanceSuite suite) {
    suite.apply("listenerset-dual-parentref-independence");
    String gateway = "gateway-dual-parentref";
    String set = "ls-dual-parentref";
    Cond accepted = Cond.isTrue("Accepted");
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        "route-dual-parentref-both",
        List.of(
            ExpectedParent.gateway(gateway, accepted),
            new ExpectedParent(KIND, INFRA, set, List.of(accepted))));
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        "route-dual-parentref-one",
        List.of(
            ExpectedParent.gateway(gateway, Cond.isFalse("Accepted", "NoMatchingParent")),
            new ExpectedParent(KIND, INFRA, set, List.of(accepted))));
    String gw = suite.gatewayAddress(INFRA, gateway);
    HttpChecks.expect(gw, get("/dualboth").host("gw-dual.com").backend("infra-backend-v1", INFRA));
    HttpChecks.expect(gw, get("/dualboth").host("ls-dual.com").backend("infra-backend-v1", INFRA));
    HttpChecks.expect(gw, get("/dualone").host("ls-dual.com").backend("infra-backend-v2", INFRA));
    HttpChecks.expect(gw, get("/dualone").host("gw-dual.com").expect(404));
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet", "HTTPRoute"})
  void ListenerSetGatewayParentSectionNameNotFound(ConformanceSuite suite) {
    suite.apply("listenerset-gateway-parent-section-name-not-found");
    String gateway = "gateway-section-name";
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        "route-via-listenerset",
        List.of(
            new ExpectedParent(
                KIND, INFRA, "listenerset-section-name", List.of(Cond.isTrue("Accepted")))));
    StatusChecks.routeMustHaveCondition(
        suite,
        "HTTPRoute",
        INFRA,
        "route-via-gateway",
        gateway,
        Cond.isFalse("Accepted", "NoMatchingParent"));
    String gw = suite.gatewayAddress(INFRA, gateway);
    HttpChecks.expect(
        gw, get("/goodsection").host("ls-section-name.com").backend("infra-backend-v1", INFRA));
    HttpChecks.expect(gw, get("/badsection").host("gw-section.com").expect(404));
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet", "TLSRoute"})
  void ListenerSetAllowedRoutesSupportedKinds(ConformanceSuite suite) {
    suite.apply("listenerset-allowed-routes-supported-kinds");
    String set = "listenerset-test-allowed-routes-supported-kinds";
    String listener = "listener-set-listener-allowed-routes-tls-only";
    ListenerSetChecks.listenerMustHave(
        suite, INFRA, set, listener, Cond.isFalse("ResolvedRefs", "InvalidRouteKinds"));
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet", "ReferenceGrant"})
  void ListenerSetReferenceGrant(ConformanceSuite suite) {
    suite.apply("listenerset-reference-grant");
    String granted = "listenerset-with-reference-grant";
    ListenerSetChecks.listenerMustHave(
        suite, INFRA, granted, granted + "-listener", Cond.isTrue("ResolvedRefs"));
    ListenerSetChecks.mustHave(
        suite,
        INFRA,
        granted,
        Cond.isTrue("Accepted", "Accepted"),
        Cond.isTrue("Programmed", "Programmed"));
    String otherNs = "gateway-api-listener-sets-test-reference-grant-ns";
    String ungranted = "listenerset-without-reference-grant";
    ListenerSetChecks.listenerMustHave(
        suite,
        otherNs,
        ungranted,
        ungranted + "-listener",
        Cond.isFalse("ResolvedRefs", "RefNotPermitted"));
    ListenerSetChecks.mustHave(
        suite,
        otherNs,
        ungranted,
        Cond.isFalse("Accepted", "ListenersNotValid"),
        Cond.isFalse("Programmed", "ListenersNotValid"));
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet", "HTTPRoute"})
  void ListenerSetHTTPRouting(ConformanceSuite suite) {
    suite.apply("listenerset-http-routing");
    String gateway = "gateway-with-listener-sets-http-routing";
    String set1 = "listener-set-http-routing-1";
    String set2 = "listener-set-http-routing-2";
    ListenerSetChecks.attachedListenerSets(suite, gateway, 2);
    ListenerSetChecks.listenerAttachedRoutes(suite, INFRA, set1, set1 + "-listener-1", 3);
    ListenerSetChecks.listenerAttachedRoutes(suite, INFRA, set1, set1 + "-listener-2", 2);
    ListenerSetChecks.listenerAttachedRoutes(suite, INFRA, set2, set2 + "-listener-1", 2);
    ListenerSetChecks.listenerAttachedRoutes(suite, INFRA, set2, set2 + "-listener-2", 2);
    String gw =
        StatusChecks.httpRoutesAccepted(
            suite, gateway, "attaches-to-all-listeners", "gateway-route", "gateway-section-route");
    for (String route : List.of(set1 + "-route", set1 + "-section-route", set2 + "-route")) {
      String set = route.startsWith(set1) ? set1 : set2;
      StatusChecks.routeMustHaveParents(
          suite,
          "HTTPRoute",
          INFRA,
          route,
          List.of(new ExpectedParent(KIND, INFRA, set, List.of(Cond.isTrue("Accepted")))));
    }
    List<String> gatewayHosts = List.of("gateway-listener-1.com", "gateway-listener-2.com");
    List<String> set1Hosts = List.of(set1 + "-listener-1.com", set1 + "-listener-2.com");
    List<String> set2Hosts = List.of(set2 + "-listener-1.com", set2 + "-listener-2.com");
    List<String> allHosts = concat(gatewayHosts, set1Hosts, set2Hosts);
    // path -> the backend it reaches and the hostnames it is reachable on; 404 everywhere else
    Map<String, Reach> table = new LinkedHashMap<>();
    table.put("/route", new Reach("infra-backend-v1", allHosts));
    table.put("/gateway-route", new Reach("infra-backend-v2", gatewayHosts));
    table.put("/gateway-section-route", new Reach("infra-backend-v3", gatewayHosts.subList(0, 1)));
    table.put("/" + set1 + "-route", new Reach("infra-backend-v2", set1Hosts));
    table.put(
        "/" + set1 + "-section-route", new Reach("infra-backend-v3", set1Hosts.subList(0, 1)));
    table.put("/" + set2 + "-route", new Reach("infra-backend-v2", set2Hosts));
    HttpChecks.expectAll(gw, cases(table, allHosts));
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet", "HTTPRoute", "ReferenceGrant"})
  void ListenerSetAllowedRoutesNamespaces(ConformanceSuite suite) {
    suite.apply("listenerset-allowed-routes-namespaces");
    String gateway = "gateway-with-listener-sets-test-allowed-routes";
    String set = "listenerset-test-allowed-routes-namespaces";
    String crossNs = "gateway-api-ls-cross-ns";
    String crossSet = "listenerset-test-allowed-routes-cross-ns";
    ListenerSetChecks.attachedListenerSets(suite, gateway, 2);
    ListenerSetChecks.mustHave(suite, crossNs, crossSet, Cond.isTrue("Accepted", "Accepted"));
    Cond accepted = Cond.isTrue("Accepted");
    for (String route :
        List.of(
            INFRA + "/route-in-same-namespace",
            "gateway-api-routes-allowed-ns/route-in-selected-namespace",
            "gateway-api-routes-not-allowed-ns/route-not-in-selected-namespace")) {
      String[] ref = route.split("/", 2);
      StatusChecks.routeMustHaveParents(
          suite,
          "HTTPRoute",
          ref[0],
          ref[1],
          List.of(new ExpectedParent(KIND, INFRA, set, List.of(accepted))));
    }
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        crossNs,
        "route-in-listenerset-namespace",
        List.of(new ExpectedParent(KIND, crossNs, crossSet, List.of(accepted))));
    // the cross-namespace ListenerSet's Same listener means its own namespace, not the Gateway's
    StatusChecks.routeMustHaveParents(
        suite,
        "HTTPRoute",
        INFRA,
        "route-in-gateway-namespace",
        List.of(
            new ExpectedParent(
                KIND,
                crossNs,
                crossSet,
                List.of(Cond.isFalse("Accepted", "NotAllowedByListeners")))));
    String prefix = "listener-set-listener-allowed-routes-";
    String all = prefix + "all.com";
    List<String> hosts =
        List.of(
            all,
            prefix + "same.com",
            prefix + "selector.com",
            prefix + "cross-ns-same.com",
            "gateway-listener.com");
    Map<String, Reach> table = new LinkedHashMap<>();
    table.put(
        "/route-in-same-namespace", new Reach("infra-backend-v1", List.of(all, hosts.get(1))));
    table.put(
        "/route-in-selected-namespace", new Reach("infra-backend-v2", List.of(all, hosts.get(2))));
    table.put("/route-not-in-selected-namespace", new Reach("infra-backend-v3", List.of(all)));
    table.put(
        "/route-in-listenerset-namespace", new Reach("infra-backend-v1", hosts.subList(3, 4)));
    table.put("/route-in-gateway-namespace", new Reach("infra-backend-v2", List.of()));
    HttpChecks.expectAll(suite.gatewayAddress(INFRA, gateway), cases(table, hosts));
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet"})
  void ListenerSetHostnameConflict(ConformanceSuite suite) {
    suite.apply("listenerset-hostname-conflict");
    conflicts(suite, "hostname", "HostnameConflict");
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet"})
  void ListenerSetProtocolConflict(ConformanceSuite suite) {
    suite.apply("listenerset-protocol-conflict");
    conflicts(suite, "protocol", "ProtocolConflict");
  }

  /**
   * The shared shape of the two conflict manifests: the Gateway keeps both its listeners; the older
   * ListenerSet of each pair keeps its other listeners and stays Accepted; the younger one, left
   * with only a conflicted listener, is ListenersNotValid and not attached.
   */
  private static void conflicts(ConformanceSuite suite, String kind, String reason) {
    String gateway = "gateway-with-listenerset-" + kind + "-conflict";
    String withGateway = "listenerset-with-" + kind + "-conflict-with-gateway-";
    String withSet = "listenerset-with-" + kind + "-conflict-with-listener-set-";
    String gatewayDuplicate = kind + "-conflict-with-gateway-listener";
    String setDuplicate = kind + "-conflict-with-listener-set-listener";
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted"));
    StatusChecks.listenersMustBeReady(suite, gateway);
    ListenerSetChecks.attachedListenerSets(suite, gateway, 2);
    Cond[] conflicted = {
      Cond.isFalse("Accepted", reason),
      Cond.isFalse("Programmed", reason),
      Cond.isTrue("Conflicted", reason)
    };
    Cond[] notValid = {
      Cond.isFalse("Accepted", "ListenersNotValid"), Cond.isFalse("Programmed", "ListenersNotValid")
    };
    Cond[] valid = {Cond.isTrue("Accepted"), Cond.isTrue("Programmed", "Programmed")};
    ListenerSetChecks.listenerReady(suite, INFRA, withGateway + "1", "listener-set-1-listener");
    ListenerSetChecks.listenerReady(suite, INFRA, withGateway + "1", setDuplicate);
    ListenerSetChecks.listenerMustHave(
        suite, INFRA, withGateway + "1", gatewayDuplicate, conflicted);
    ListenerSetChecks.mustHave(suite, INFRA, withGateway + "1", valid);
    ListenerSetChecks.listenerMustHave(
        suite, INFRA, withGateway + "2", gatewayDuplicate, conflicted);
    ListenerSetChecks.mustHave(suite, INFRA, withGateway + "2", notValid);
    ListenerSetChecks.listenerReady(suite, INFRA, withSet + "1", "listener-set-2-listener");
    ListenerSetChecks.listenerMustHave(suite, INFRA, withSet + "1", setDuplicate, conflicted);
    ListenerSetChecks.mustHave(suite, INFRA, withSet + "1", valid);
    ListenerSetChecks.listenerMustHave(suite, INFRA, withSet + "2", setDuplicate, conflicted);
    ListenerSetChecks.mustHave(suite, INFRA, withSet + "2", notValid);
  }

  /** The Gateway stays Accepted with no ListenerSets; the ListenerSet is NotAllowed. */
  private static void notAllowed(ConformanceSuite suite, String gateway, String listenerSet) {
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted"));
    ListenerSetChecks.attachedListenerSets(suite, gateway, 0);
    ListenerSetChecks.mustHave(suite, INFRA, listenerSet, NOT_ACCEPTED, NOT_PROGRAMMED);
  }

  /** Where a path leads: {@code backend} on {@code hosts}, 404 on any other hostname. */
  private record Reach(String backend, List<String> hosts) {}

  /** One case per (path, host): the backend where the path is reachable, 404 elsewhere. */
  private static List<HttpCase> cases(Map<String, Reach> table, List<String> hosts) {
    List<HttpCase> cases = new ArrayList<>();
    table.forEach(
        (path, reach) -> {
          for (String host : hosts) {
            HttpCase c = get(path).host(host);
            cases.add(
                reach.hosts().contains(host) ? c.backend(reach.backend(), INFRA) : c.expect(404));
          }
        });
    return cases;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }
}
