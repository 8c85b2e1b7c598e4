package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;

/** Small helpers shared by the route processors. Stateless. */
final class RouteHostnames {

  private RouteHostnames() {}

  /** The route's {@code spec.hostnames}; invalid ones are reported as unsupported values. */
  static List<String> check(List<String> hostnames, RouteIssues issues) {
    List<String> result = hostnames == null ? List.of() : hostnames;
    for (int i = 0; i < result.size(); i++) {
      String at = "spec.hostnames[" + i + "]";
      Hostnames.validate(String.valueOf(result.get(i))).ifPresent(m -> issues.unsupported(at, m));
    }
    return result;
  }

  /** The route's creationTimestamp, {@code ""} when unset, for the oldest-first tie-break. */
  static String created(HasMetadata route) {
    return Objects.requireNonNullElse(route.getMetadata().getCreationTimestamp(), "");
  }
}
