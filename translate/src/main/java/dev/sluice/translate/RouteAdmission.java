package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Optional;

/**
 * The namespaces a listener accepts routes from ({@code allowedRoutes.namespaces}). Immutable.
 *
 * @param from {@code Same}, {@code All} or {@code Selector}
 * @param selector the namespace selector when {@code from} is {@code Selector}
 */
record RouteAdmission(String from, Optional<LabelSelector> selector) {

  static final RouteAdmission SAME = new RouteAdmission("Same", Optional.empty());

  boolean allows(String routeNamespace, String gatewayNamespace, NamespaceLabels labels) {
    return switch (from) {
      case "All" -> true;
      case "Selector" ->
          selector.map(s -> LabelSelectors.matches(s, labels.of(routeNamespace))).orElse(false);
      default -> routeNamespace.equals(gatewayNamespace);
    };
  }

  String describe(String gatewayNamespace) {
    return switch (from) {
      case "All" -> "all namespaces";
      case "Selector" -> "namespaces matching its selector";
      default -> "namespace " + gatewayNamespace + " only";
    };
  }
}
