package dev.sluice.proxy.upstream;

/**
 * The circuit-breaker caps of one backend (a Service port), counted across all event loops.
 * Immutable. The Gateway API has no circuit-breaker API, so these are process defaults; they match
 * Envoy's cluster defaults.
 *
 * @param maxConnections open (and opening) connections to the backend's endpoints
 * @param maxPendingRequests requests waiting for a connection to be established
 * @param maxRequests requests in flight to the backend, retries included
 * @param retryBudgetPercent retries in flight may be at most this share of the requests in flight
 * @param minRetryConcurrency retries in flight that are always allowed, whatever the share
 */
public record UpstreamLimits(
    int maxConnections,
    int maxPendingRequests,
    int maxRequests,
    int retryBudgetPercent,
    int minRetryConcurrency) {

  /** Envoy's defaults: 1024 connections, pending and active requests; retry budget 20%, min 3. */
  public static final UpstreamLimits DEFAULTS = new UpstreamLimits(1024, 1024, 1024, 20, 3);

  public UpstreamLimits {
    positive("maxConnections", maxConnections);
    positive("maxPendingRequests", maxPendingRequests);
    positive("maxRequests", maxRequests);
    if (retryBudgetPercent < 0 || retryBudgetPercent > 100) {
      throw new IllegalArgumentException(
          "retryBudgetPercent: " + retryBudgetPercent + " (expected: 0..100)");
    }
    if (minRetryConcurrency < 0) {
      throw new IllegalArgumentException(
          "minRetryConcurrency: " + minRetryConcurrency + " (expected: >= 0)");
    }
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
