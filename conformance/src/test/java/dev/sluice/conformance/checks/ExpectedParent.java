package dev.sluice.conformance.checks;

import dev.sluice.conformance.harness.BaseConfig;
import java.util.List;

/**
 * An expected route parent status entry (§5.7 {@code parentsForRouteMatch}).
 *
 * @param kind {@code Gateway} or {@code ListenerSet}
 * @param namespace the parent's namespace
 * @param name the parent's name
 * @param conditions conditions the entry must carry
 */
public record ExpectedParent(String kind, String namespace, String name, List<Cond> conditions) {

  public ExpectedParent {
    conditions = List.copyOf(conditions);
  }

  /** A Gateway in the infra namespace. */
  public static ExpectedParent gateway(String name, Cond... conditions) {
    return new ExpectedParent("Gateway", BaseConfig.INFRA, name, List.of(conditions));
  }
}
