package dev.sluice.conformance.checks;

import dev.sluice.conformance.harness.BaseConfig;
import dev.sluice.conformance.harness.ConformanceSuite;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The suite's ListenerSet status helpers (conformance notes §2.14, §5.7): conditions of a
 * ListenerSet, of one of its listeners, the listener's attached routes, and the Gateway's {@code
 * status.attachedListenerSets}. Each polls Sluice's statuses until it holds or the upstream timeout
 * passes. Stateless.
 */
public final class ListenerSetChecks {

  public static final String KIND = "ListenerSet";

  private ListenerSetChecks() {}

  /** {@code ListenerSetMustHaveCondition}: the ListenerSet's own conditions include these. */
  public static void mustHave(
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
          return List.of(conditions).stream().allMatch(c -> c.in(actual))
              ? Optional.empty()
              : Optional.of("conditions " + actual);
        });
  }

  /** The named listener's status entry of the ListenerSet has these conditions. */
  public static void listenerMustHave(
      ConformanceSuite suite, String namespace, String name, String listener, Cond... conditions) {
    listenerMatches(
        suite,
        namespace,
        name,
        listener,
        "has " + List.of(conditions),
        entry -> List.of(conditions).stream().allMatch(c -> c.in(entry.path("conditions"))));
  }

  /** The named listener is ResolvedRefs, Accepted and Programmed. */
  public static void listenerReady(
      ConformanceSuite suite, String namespace, String name, String listener) {
    listenerMustHave(
        suite,
        namespace,
        name,
        listener,
        Cond.isTrue("ResolvedRefs"),
        Cond.isTrue("Accepted"),
        Cond.isTrue("Programmed"));
  }

  /** The named listener reports exactly {@code count} attached routes. */
  public static void listenerAttachedRoutes(
      ConformanceSuite suite, String namespace, String name, String listener, int count) {
    listenerMatches(
        suite,
        namespace,
        name,
        listener,
        "has " + count + " attached routes",
        entry -> entry.path("attachedRoutes").asInt(-1) == count);
  }

  /**
   * {@code GatewayMustHaveAttachedListeners}: {@code status.attachedListenerSets == count} on the
   * infra Gateway.
   */
  public static void attachedListenerSets(ConformanceSuite suite, String gateway, int count) {
    StatusChecks.eventually(
        suite,
        gateway + " has attachedListenerSets " + count,
        status -> {
          JsonNode gw = status.find("Gateway", BaseConfig.INFRA, gateway).orElse(null);
          if (gw == null) {
            return Optional.of("Gateway not reported");
          }
          // an absent count is zero, as for an omitted int32 in Go
          return gw.path("status").path("attachedListenerSets").asInt(0) == count
              ? Optional.empty()
              : Optional.of("status " + gw.path("status"));
        });
  }

  /** The status entry of {@code listener} in the ListenerSet's {@code status.listeners}. */
  public static Optional<JsonNode> listenerEntry(Optional<JsonNode> set, String listener) {
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

  private static void listenerMatches(
      ConformanceSuite suite,
      String namespace,
      String name,
      String listener,
      String what,
      java.util.function.Predicate<JsonNode> check) {
    StatusChecks.eventually(
        suite,
        "ListenerSet " + namespace + "/" + name + " listener " + listener + " " + what,
        status -> {
          Optional<JsonNode> set = status.find(KIND, namespace, name);
          Optional<JsonNode> entry = listenerEntry(set, listener);
          if (entry.isEmpty()) {
            return Optional.of("no listener status in " + set);
          }
          return check.test(entry.get())
              ? Optional.empty()
              : Optional.of("listener " + entry.get());
        });
  }
}
