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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

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
    listenerSetHas(
        suite,
        INFRA,
        "listenerset-in-same-namespace",
        Cond.isTrue("Accepted", "Accepted"),
        Cond.isTrue("Programmed", "Programmed"));
    listenerSetListenerReady(
        suite, INFRA, "listenerset-in-same-namespace", "listenerset-in-same-namespace-listener");
    attachedListenerSets(suite, gateway, 1);
    listenerSetHas(
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
    StatusChecks.eventually(
        suite,
        "listenerset-parentref-listener has 1 attached route",
        status ->
            listenerEntry(
                    status.find(KIND, INFRA, "listenerset-parentref"),
                    "listenerset-parentref-listener")
                .filter(l -> l.path("attachedRoutes").asInt(-1) == 1)
                .map(l -> Optional.<String>empty())
                .orElse(
                    Optional.of(
                        "listener status: " + status.find(KIND, INFRA, "listenerset-parentref"))));
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet"})
  void ListenerSetAllowedNamespaceSelector(ConformanceSuite suite) {
    suite.apply("listenerset-allowed-namespace-selector");
    String gateway = "gateway-allows-listenerset-in-selected-namespace";
    String allowedNs = "gateway-api-listenerset-selector-allowed-ns";
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted"));
    listenerSetHas(
        suite,
        allowedNs,
        "listenerset-in-selected-namespace",
        Cond.isTrue("Accepted", "Accepted"),
        Cond.isTrue("Programmed", "Programmed"));
    listenerSetListenerReady(
        suite,
        allowedNs,
        "listenerset-in-selected-namespace",
        "listenerset-in-selected-namespace-listener");
    attachedListenerSets(suite, gateway, 1);
    listenerSetHas(
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
    listenerSetListenerHas(
        suite, INFRA, set, listener, Cond.isFalse("ResolvedRefs", "InvalidRouteKinds"));
  }

  @Test
  @Upstream(features = {"Gateway", "ListenerSet", "ReferenceGrant"})
  void ListenerSetReferenceGrant(ConformanceSuite suite) {
    suite.apply("listenerset-reference-grant");
    String granted = "listenerset-with-reference-grant";
    listenerSetListenerHas(
        suite, INFRA, granted, granted + "-listener", Cond.isTrue("ResolvedRefs"));
    listenerSetHas(
        suite,
        INFRA,
        granted,
        Cond.isTrue("Accepted", "Accepted"),
        Cond.isTrue("Programmed", "Programmed"));
    String otherNs = "gateway-api-listener-sets-test-reference-grant-ns";
    String ungranted = "listenerset-without-reference-grant";
    listenerSetListenerHas(
        suite,
        otherNs,
        ungranted,
        ungranted + "-listener",
        Cond.isFalse("ResolvedRefs", "RefNotPermitted"));
    listenerSetHas(
        suite,
        otherNs,
        ungranted,
        Cond.isFalse("Accepted", "ListenersNotValid"),
        Cond.isFalse("Programmed", "ListenersNotValid"));
  }

  private static void listenerSetListenerHas(
      ConformanceSuite suite, String namespace, String name, String listener, Cond... conditions) {
    StatusChecks.eventually(
        suite,
        "ListenerSet " + name + " listener " + listener + " has " + List.of(conditions),
        status -> {
          Optional<JsonNode> set = status.find(KIND, namespace, name);
          Optional<JsonNode> entry = listenerEntry(set, listener);
          if (entry.isEmpty()) {
            return Optional.of("no listener status in " + set);
          }
          for (Cond condition : conditions) {
            if (!condition.in(entry.get().path("conditions"))) {
              return Optional.of("listener " + entry.get());
            }
          }
          return Optional.empty();
        });
  }

  /** The Gateway stays Accepted with no ListenerSets; the ListenerSet is NotAllowed. */
  private static void notAllowed(ConformanceSuite suite, String gateway, String listenerSet) {
    StatusChecks.gatewayMustHaveCondition(suite, gateway, Cond.isTrue("Accepted"));
    attachedListenerSets(suite, gateway, 0);
    listenerSetHas(suite, INFRA, listenerSet, NOT_ACCEPTED, NOT_PROGRAMMED);
  }

  private static void attachedListenerSets(ConformanceSuite suite, String gateway, int count) {
    StatusChecks.eventually(
        suite,
        gateway + " has attachedListenerSets " + count,
        status -> {
          JsonNode gw = status.find("Gateway", INFRA, gateway).orElse(null);
          if (gw == null) {
            return Optional.of("Gateway not reported");
          }
          JsonNode attached = gw.path("status").path("attachedListenerSets");
          // an absent count is zero, as for an omitted int32 in Go
          return attached.asInt(0) == count
              ? Optional.empty()
              : Optional.of("status " + gw.path("status"));
        });
  }

  private static void listenerSetHas(
      ConformanceSuite suite, String namespace, String name, Cond... conditions) {
    StatusChecks.eventually(
        suite,
        "ListenerSet " + namespace + "/" + name + " has " + List.of(conditions),
        status -> {
          JsonNode set = status.find(KIND, namespace, name).orElse(null);
          if (set == null) {
            return Optional.of("not reported");
          }
          JsonNode actual = set.path("status").path("conditions");
          for (Cond condition : conditions) {
            if (!condition.in(actual)) {
              return Optional.of("conditions " + actual);
            }
          }
          return Optional.empty();
        });
  }

  private static void listenerSetListenerReady(
      ConformanceSuite suite, String namespace, String name, String listener) {
    StatusChecks.eventually(
        suite,
        "ListenerSet " + name + " listener " + listener + " ready",
        status -> {
          Optional<JsonNode> set = status.find(KIND, namespace, name);
          Optional<JsonNode> entry = listenerEntry(set, listener);
          if (entry.isEmpty()) {
            return Optional.of("no listener status in " + set);
          }
          for (String type : List.of("ResolvedRefs", "Accepted", "Programmed")) {
            if (!Cond.isTrue(type).in(entry.get().path("conditions"))) {
              return Optional.of("listener not " + type + ": " + entry.get());
            }
          }
          return Optional.empty();
        });
  }

  private static Optional<JsonNode> listenerEntry(Optional<JsonNode> set, String listener) {
    if (set.isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode entry : set.get().path("status").path("listeners")) {
      if (entry.path("name").asString("").equals(listener)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }
}
