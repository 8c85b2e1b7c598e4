package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes label selector semantics: every {@code matchLabels} entry and every {@code
 * matchExpressions} requirement must hold; an empty selector matches everything. Stateless.
 */
final class LabelSelectors {

  private LabelSelectors() {}

  /** Why {@code selector} cannot be evaluated, or empty when it is well-formed. */
  static Optional<String> validate(LabelSelector selector) {
    for (LabelSelectorRequirement requirement : expressions(selector)) {
      String operator = requirement.getOperator();
      boolean needsValues = "In".equals(operator) || "NotIn".equals(operator);
      boolean forbidsValues = "Exists".equals(operator) || "DoesNotExist".equals(operator);
      if (!needsValues && !forbidsValues) {
        return Optional.of(
            "operator '" + operator + "' (expected: In, NotIn, Exists or DoesNotExist)");
      }
      if (requirement.getKey() == null || requirement.getKey().isEmpty()) {
        return Optional.of("a matchExpressions entry has no key");
      }
      if (needsValues && values(requirement).isEmpty()) {
        return Optional.of("operator " + operator + " needs at least one value");
      }
    }
    return Optional.empty();
  }

  /** Whether {@code labels} satisfy {@code selector}; a malformed selector matches nothing. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (validate(selector).isPresent()) {
      return false;
    }
    Map<String, String> required =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    for (Map.Entry<String, String> entry : required.entrySet()) {
      if (!entry.getValue().equals(labels.get(entry.getKey()))) {
        return false;
      }
    }
    return expressions(selector).stream().allMatch(r -> holds(r, labels));
  }

  private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values(requirement).contains(value);
      case "NotIn" -> value == null || !values(requirement).contains(value);
      case "Exists" -> value != null;
      default -> value == null; // DoesNotExist; validate() rejected anything else
    };
  }

  private static List<LabelSelectorRequirement> expressions(LabelSelector selector) {
    return selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
  }

  private static List<String> values(LabelSelectorRequirement requirement) {
    return requirement.getValues() == null ? List.of() : requirement.getValues();
  }
}
