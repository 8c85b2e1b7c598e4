package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What is wrong with one route, sorted by the condition it affects: {@code Accepted} (the route is
 * rejected) or {@code ResolvedRefs} (a backend is replaced by one that answers 500), plus warnings
 * that change nothing; and the Service ports it uses. Mutable; confined to the translation of one
 * route.
 */
final class RouteIssues {

  /** One issue, at one field of the route. */
  record Issue(String field, String reason, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final List<Issue> invalid = new ArrayList<>();
  private final List<Issue> unresolved = new ArrayList<>();
  private final List<Issue> warnings = new ArrayList<>();
  private final Set<ServicePortRef> usedServices = new LinkedHashSet<>();

  /**
   * Notes a Service port the route sends traffic to, so that the BackendTLSPolicies targeting it
   * learn the route's Gateways as ancestors.
   */
  void used(ServicePortRef port) {
    usedServices.add(port);
  }

  Set<ServicePortRef> usedServices() {
    return Set.copyOf(usedServices);
  }

  /** A value Sluice cannot apply: the route is not accepted. */
  void unsupported(String field, String message) {
    invalid.add(new Issue(field, Conditions.UNSUPPORTED_VALUE, message));
  }

  void incompatible(String field, String message) {
    invalid.add(new Issue(field, Conditions.INCOMPATIBLE_FILTERS, message));
  }

  /** A reference that cannot be followed: its backend answers 500. */
  void unresolved(String field, String reason, String message) {
    unresolved.add(new Issue(field, reason, message));
  }

  void warn(String field, String message) {
    warnings.add(new Issue(field, "", message));
  }

  int invalidCount() {
    return invalid.size();
  }

  /** {@code Accepted=False} when any value is unsupported. */
  Optional<Outcome> rejection() {
    return invalid.isEmpty()
        ? Optional.empty()
        : Optional.of(Outcome.fail(Conditions.ACCEPTED, invalid.get(0).reason(), summary(invalid)));
  }

  Outcome resolvedRefs() {
    return unresolved.isEmpty()
        ? Outcome.ok(
            Conditions.RESOLVED_REFS, Conditions.RESOLVED_REFS, "all references are resolved")
        : Outcome.fail(Conditions.RESOLVED_REFS, unresolved.get(0).reason(), summary(unresolved));
  }

  void report(HasMetadata route, Problems problems) {
    invalid.forEach(i -> problems.error(route, i.field(), i.message()));
    unresolved.forEach(i -> problems.error(route, i.field(), i.message()));
    warnings.forEach(i -> problems.warning(route, i.field(), i.message()));
  }

  private static String summary(List<Issue> issues) {
    return String.join("; ", issues.stream().map(Issue::toString).toList());
  }
}
