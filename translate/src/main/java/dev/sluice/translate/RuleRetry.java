package dev.sluice.translate;

import dev.sluice.ir.RetryPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRetry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Translates {@code HTTPRouteRule.retry} into a {@link RetryPolicy}. {@code attempts} counts
 * retries after the first try (the conformance tests rely on {@code attempts: 2} allowing three
 * tries); when absent, Sluice retries once. Codes must be 400 to 599 and the backoff a Gateway API
 * duration; a bad value makes the route not accepted ({@code UnsupportedValue}). Stateless.
 */
final class RuleRetry {

  /** Retries when {@code retry} is present without {@code attempts}: implementation-specific. */
  static final int DEFAULT_ATTEMPTS = 1;

  private RuleRetry() {}

  static Optional<RetryPolicy> translate(HTTPRouteRetry spec, String field, RouteIssues issues) {
    if (spec == null) {
      return Optional.empty();
    }
    int attempts = spec.getAttempts() == null ? DEFAULT_ATTEMPTS : spec.getAttempts();
    if (attempts < 0) {
      issues.unsupported(field + ".attempts", "attempts " + attempts + " (expected: >= 0)");
      attempts = 0;
    }
    List<Integer> codes = spec.getCodes() == null ? List.of() : List.copyOf(spec.getCodes());
    for (int i = 0; i < codes.size(); i++) {
      int code = codes.get(i);
      if (code < 400 || code > 599) {
        issues.unsupported(field + ".codes[" + i + "]", "code " + code + " (expected: 400 to 599)");
      }
    }
    return Optional.of(new RetryPolicy(attempts, codes, backoff(spec.getBackoff(), field, issues)));
  }

  private static Optional<Duration> backoff(String text, String field, RouteIssues issues) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<Duration> parsed = GatewayDurations.parse(text);
    if (parsed.isEmpty()) {
      issues.unsupported(field + ".backoff", RuleTimeouts.invalidDuration(text));
    }
    return parsed.filter(d -> !d.isZero());
  }
}
