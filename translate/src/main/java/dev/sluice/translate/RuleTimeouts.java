package dev.sluice.translate;

import dev.sluice.ir.RouteTimeouts;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import java.time.Duration;
import java.util.Optional;

/**
 * Translates {@code HTTPRouteRule.timeouts} into {@link RouteTimeouts}. A zero duration ({@code
 * 0s}) disables that timeout, as the Gateway API specifies, and becomes "no limit" in the IR. An
 * unparsable duration, or a {@code backendRequest} longer than a non-zero {@code request} (which
 * the API server's validation rejects), makes the route not accepted ({@code UnsupportedValue}).
 * Stateless.
 */
final class RuleTimeouts {

  private RuleTimeouts() {}

  static RouteTimeouts translate(HTTPRouteTimeouts spec, String field, RouteIssues issues) {
    if (spec == null) {
      return RouteTimeouts.NONE;
    }
    Optional<Duration> request = duration(spec.getRequest(), field + ".request", issues);
    Optional<Duration> backend =
        duration(spec.getBackendRequest(), field + ".backendRequest", issues);
    if (request.isPresent() && backend.isPresent() && backend.get().compareTo(request.get()) > 0) {
      issues.unsupported(
          field + ".backendRequest",
          "backendRequest "
              + spec.getBackendRequest()
              + " is longer than request "
              + spec.getRequest()
              + " (expected: at most the request timeout)");
    }
    return new RouteTimeouts(request, backend);
  }

  /** The limit {@code text} sets; empty when absent, zero (disabled) or invalid. */
  private static Optional<Duration> duration(String text, String field, RouteIssues issues) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<Duration> parsed = GatewayDurations.parse(text);
    if (parsed.isEmpty()) {
      issues.unsupported(field, invalidDuration(text));
    }
    return parsed.filter(d -> !d.isZero());
  }

  static String invalidDuration(String text) {
    return "'"
        + text
        + "' is not a duration (expected: 1 to 4 numbers of up to 5 digits, each followed by a"
        + " distinct unit h, m, s or ms, e.g. 500ms or 1h30m)";
  }
}
