package dev.sluice.ir;

import java.util.Objects;
import java.util.Optional;

/**
 * Names the route rule and match that produced a {@link Route}, for logs, metrics and the admin
 * API.
 *
 * @param kind the route kind, e.g. {@code HTTPRoute}
 * @param namespace the route's namespace
 * @param name the route's name
 * @param ruleIndex the index of the rule in the route
 * @param ruleName the rule's {@code name}, if it has one
 * @param matchIndex the index of the match in the rule (0 when the rule has no matches)
 */
public record RouteKey(
    String kind,
    String namespace,
    String name,
    int ruleIndex,
    Optional<String> ruleName,
    int matchIndex) {

  public RouteKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ruleName, "ruleName");
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name + " rule " + ruleIndex + " match " + matchIndex;
  }
}
