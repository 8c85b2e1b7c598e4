package dev.sluice.conformance.checks;

import java.util.List;

/**
 * An expected Gateway listener status ({@code GatewayStatusMustHaveListeners}, §5.7).
 *
 * @param name the listener name
 * @param kinds route kinds that must be supported (group gateway.networking.k8s.io); empty = the
 *     listener must report none
 * @param attachedRoutes the exact count
 * @param conditions conditions that must be present
 */
public record ListenerExpect(
    String name, List<String> kinds, int attachedRoutes, List<Cond> conditions) {

  public ListenerExpect {
    kinds = List.copyOf(kinds);
    conditions = List.copyOf(conditions);
  }

  public static ListenerExpect of(String name, List<String> kinds, int attached, Cond... conds) {
    return new ListenerExpect(name, kinds, attached, List.of(conds));
  }
}
