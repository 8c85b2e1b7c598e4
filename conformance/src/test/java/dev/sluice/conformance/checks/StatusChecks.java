package dev.sluice.conformance.checks;

import dev.sluice.conformance.harness.BaseConfig;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.harness.StatusView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The suite's status helpers with their exact matching rules (conformance notes §5.7), polling
 * Sluice's reported statuses until they hold or the upstream timeout passes. Stateless.
 */
public final class StatusChecks {

  public static final Duration STATUS_TIMEOUT = Duration.ofSeconds(60);
  public static final String GROUP = "gateway.networking.k8s.io";

  private StatusChecks() {}

  /** Polls {@code check} against fresh statuses until it returns empty (once). */
  public static void eventually(
      ConformanceSuite suite, String what, Function<StatusView, Optional<String>> check) {
    Eventually.consistent(what, 1, STATUS_TIMEOUT, () -> check.apply(suite.status()));
  }

  /**
   * {@code GatewayAndRoutesMustBeAccepted}: the Gateway has an address, each route has an
   * Accepted=True parent entry for it, and every listener is ResolvedRefs, Accepted and Programmed.
   * Returns the Gateway address.
   */
  public static String gatewayAndRoutesMustBeAccepted(
      ConformanceSuite suite, String gateway, String routeKind, String... routes) {
    String address = suite.gatewayAddress(BaseConfig.INFRA, gateway);
    for (String route : routes) {
      String[] ref = namespaced(route);
      routeMustHaveCondition(
          suite, routeKind, ref[0], ref[1], gateway, Cond.isTrue("Accepted", "Accepted"));
    }
    listenersMustBeReady(suite, gateway);
    return address;
  }

  /** Shorthand for HTTPRoutes in the infra namespace (or {@code ns/name}). */
  public static String httpRoutesAccepted(
      ConformanceSuite suite, String gateway, String... routes) {
    return gatewayAndRoutesMustBeAccepted(suite, gateway, "HTTPRoute", routes);
  }

  /** Every listener of the Gateway has ResolvedRefs, Accepted and Programmed True. */
  public static void listenersMustBeReady(ConformanceSuite suite, String gateway) {
    eventually(
        suite,
        "listeners of " + gateway + " ready",
        status -> {
          JsonNode gw = object(status, "Gateway", BaseConfig.INFRA, gateway);
          if (gw == null) {
            return Optional.of("Gateway " + gateway + " not reported");
          }
          for (JsonNode listener : gw.path("status").path("listeners")) {
            for (String type : List.of("ResolvedRefs", "Accepted", "Programmed")) {
              if (!Cond.isTrue(type).in(listener.path("conditions"))) {
                return Optional.of(
                    "listener " + listener.path("name") + " not " + type + ": " + listener);
              }
            }
          }
          return Optional.empty();
        });
  }

  /** {@code HTTPRouteMustHaveCondition}: some parent entry for {@code gateway} has {@code cond}. */
  public static void routeMustHaveCondition(
      ConformanceSuite suite, String kind, String ns, String name, String gateway, Cond cond) {
    eventually(
        suite,
        kind + " " + ns + "/" + name + " has " + cond + " for " + gateway,
        status -> {
          JsonNode route = object(status, kind, ns, name);
          if (route == null) {
            return Optional.of("not reported");
          }
          for (JsonNode parent : route.path("status").path("parents")) {
            JsonNode ref = parent.path("parentRef");
            boolean sameGateway =
                ref.path("name").asString("").equals(gateway)
                    && ref.path("namespace").asString(BaseConfig.INFRA).equals(BaseConfig.INFRA);
            if (sameGateway && cond.in(parent.path("conditions"))) {
              return Optional.empty();
            }
          }
          return Optional.of("parents: " + route.path("status").path("parents"));
        });
  }

  /**
   * {@code RouteMustHaveParents}: exactly these parents (matched by controller, explicit group and
   * kind, name, namespace), each with its conditions, all at the route's generation.
   */
  public static void routeMustHaveParents(
      ConformanceSuite suite, String kind, String ns, String name, List<ExpectedParent> expected) {
    eventually(
        suite,
        kind + " " + ns + "/" + name + " parents " + expected,
        status -> {
          JsonNode route = object(status, kind, ns, name);
          if (route == null) {
            return Optional.of("not reported");
          }
          JsonNode parents = route.path("status").path("parents");
          if (parents.size() != expected.size()) {
            return Optional.of("parents: " + parents);
          }
          long generation = route.path("metadata").path("generation").asLong(1);
          for (JsonNode parent : parents) {
            for (JsonNode condition : parent.path("conditions")) {
              if (condition.path("observedGeneration").asLong(-1) != generation) {
                return Optional.of("stale condition " + condition);
              }
            }
          }
          for (ExpectedParent want : expected) {
            if (!anyMatches(parents, want, ns)) {
              return Optional.of("no parent matches " + want + " in " + parents);
            }
          }
          return Optional.empty();
        });
  }

  private static boolean anyMatches(JsonNode parents, ExpectedParent want, String routeNs) {
    for (JsonNode parent : parents) {
      JsonNode ref = parent.path("parentRef");
      String parentNs = ref.path("namespace").asString("");
      boolean namespaceOk =
          parentNs.equals(want.namespace())
              || (parentNs.isEmpty() && want.namespace().equals(routeNs));
      if (parent.path("controllerName").asString("").equals(BaseConfig.CONTROLLER)
          && ref.path("group").asString("").equals(GROUP)
          && ref.path("kind").asString("").equals(want.kind())
          && ref.path("name").asString("").equals(want.name())
          && namespaceOk
          && want.conditions().stream().allMatch(c -> c.in(parent.path("conditions")))) {
        return true;
      }
    }
    return false;
  }

  /** {@code HTTPRouteMustHaveNoAcceptedParents}: none, or exactly one not-accepted parent. */
  public static void routeMustHaveNoAcceptedParents(
      ConformanceSuite suite, String kind, String ns, String name) {
    eventually(
        suite,
        kind + " " + ns + "/" + name + " has no accepted parents",
        status -> {
          JsonNode route = object(status, kind, ns, name);
          if (route == null) {
            return Optional.of("not reported");
          }
          JsonNode parents = route.path("status").path("parents");
          if (parents.isEmpty()) {
            return Optional.empty();
          }
          if (parents.size() == 1
              && Cond.isFalse("Accepted").in(parents.get(0).path("conditions"))) {
            return Optional.empty();
          }
          return Optional.of("parents: " + parents);
        });
  }

  /** {@code GatewayMustHaveZeroRoutes}: no listener status, or one listener with 0 routes. */
  public static void gatewayMustHaveZeroRoutes(ConformanceSuite suite, String gateway) {
    eventually(
        suite,
        gateway + " has zero routes",
        status -> {
          JsonNode listeners = gatewayStatus(status, gateway).path("listeners");
          boolean ok =
              listeners.isEmpty()
                  || (listeners.size() == 1
                      && listeners.get(0).path("attachedRoutes").asInt(-1) == 0);
          return ok ? Optional.empty() : Optional.of("listeners: " + listeners);
        });
  }

  /** {@code GatewayMustHaveCondition} on the Gateway's own conditions. */
  public static void gatewayMustHaveCondition(ConformanceSuite suite, String gateway, Cond cond) {
    eventually(
        suite,
        gateway + " has " + cond,
        status -> {
          JsonNode conditions = gatewayStatus(status, gateway).path("conditions");
          return cond.in(conditions) ? Optional.empty() : Optional.of("conditions: " + conditions);
        });
  }

  /** {@code GatewayStatusMustHaveListeners}: exactly these listeners (§5.7 rules). */
  public static void gatewayMustHaveListeners(
      ConformanceSuite suite, String gateway, List<ListenerExpect> expected) {
    eventually(
        suite,
        gateway + " listeners " + expected,
        status -> {
          JsonNode listeners = gatewayStatus(status, gateway).path("listeners");
          if (listeners.size() != expected.size()) {
            return Optional.of("listeners: " + listeners);
          }
          for (ListenerExpect want : expected) {
            Optional<String> problem = listenerProblem(listeners, want);
            if (problem.isPresent()) {
              return problem;
            }
          }
          return Optional.empty();
        });
  }

  private static Optional<String> listenerProblem(JsonNode listeners, ListenerExpect want) {
    for (JsonNode listener : listeners) {
      if (!listener.path("name").asString("").equals(want.name())) {
        continue;
      }
      List<String> kinds = new ArrayList<>();
      for (JsonNode kind : listener.path("supportedKinds")) {
        if (kind.path("group").asString(GROUP).equals(GROUP)) {
          kinds.add(kind.path("kind").asString(""));
        }
      }
      boolean kindsOk =
          want.kinds().isEmpty()
              ? listener.path("supportedKinds").isEmpty()
              : kinds.containsAll(want.kinds());
      boolean ok =
          kindsOk
              && listener.path("attachedRoutes").asInt(-1) == want.attachedRoutes()
              && want.conditions().stream().allMatch(c -> c.in(listener.path("conditions")));
      return ok ? Optional.empty() : Optional.of("listener " + want.name() + ": " + listener);
    }
    return Optional.of("no listener " + want.name());
  }

  /** Every condition of the object has {@code observedGeneration == metadata.generation}. */
  public static void latestObservedGeneration(
      ConformanceSuite suite, String kind, String ns, String name, long generation) {
    eventually(
        suite,
        kind + " " + name + " conditions at generation " + generation,
        status -> {
          JsonNode object = object(status, kind, ns, name);
          if (object == null) {
            return Optional.of("not reported");
          }
          if (object.path("metadata").path("generation").asLong(1) != generation) {
            return Optional.of("generation " + object.path("metadata").path("generation"));
          }
          List<JsonNode> conditions = new ArrayList<>();
          object.path("status").path("conditions").forEach(conditions::add);
          object
              .path("status")
              .path("parents")
              .forEach(p -> p.path("conditions").forEach(conditions::add));
          for (JsonNode condition : conditions) {
            if (condition.path("observedGeneration").asLong(-1) != generation) {
              return Optional.of("stale condition " + condition);
            }
          }
          return conditions.isEmpty() ? Optional.of("no conditions") : Optional.empty();
        });
  }

  static JsonNode gatewayStatus(StatusView status, String gateway) {
    JsonNode gw = object(status, "Gateway", BaseConfig.INFRA, gateway);
    return gw == null ? tools.jackson.databind.node.MissingNode.getInstance() : gw.path("status");
  }

  static JsonNode object(StatusView status, String kind, String ns, String name) {
    return status.find(kind, ns, name).orElse(null);
  }

  private static String[] namespaced(String route) {
    return route.contains("/") ? route.split("/", 2) : new String[] {BaseConfig.INFRA, route};
  }
}
