package dev.sluice.ir;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When to send a request again ({@code HTTPRouteRule.retry}). A retry goes to a backend chosen
 * again by weight; only requests that are safe to repeat are retried (see the request lifecycle
 * notes).
 *
 * @param attempts retries after the first try (0 disables retrying)
 * @param codes response statuses that cause a retry (e.g. 500, 502, 503, 504); connection errors
 *     (refused, reset, timeout of a backend request) always do
 * @param backoff the pause before each retry; empty means none
 */
public record RetryPolicy(int attempts, List<Integer> codes, Optional<Duration> backoff) {

  public RetryPolicy {
    codes = List.copyOf(codes);
    Objects.requireNonNull(backoff, "backoff");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 0)");
    }
  }
}
