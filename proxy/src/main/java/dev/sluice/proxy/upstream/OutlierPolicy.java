package dev.sluice.proxy.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * When an endpoint is taken out of load balancing after failing (passive health checking).
 * Immutable. Process defaults (Envoy's): 5 consecutive failures eject an endpoint for 30 s times
 * its ejection count, at most 300 s; at most 10% of a backend's endpoints are ejected at once, but
 * one always may be when the backend has two or more.
 *
 * @param consecutiveFailures failures in a row (5xx responses, failed connects, connections closed
 *     before the response) that eject an endpoint
 * @param baseEjection how long the first ejection lasts; the n-th lasts n times as long
 * @param maxEjection the longest ejection
 * @param maxEjectionPercent the share of a backend's endpoints that may be ejected at the same time
 * @param decayInterval each such interval an endpoint spends back in service forgives one ejection
 */
public record OutlierPolicy(
    int consecutiveFailures,
    Duration baseEjection,
    Duration maxEjection,
    int maxEjectionPercent,
    Duration decayInterval) {

  /** Envoy's outlier-detection defaults (consecutive 5xx: 5, 30 s, 300 s, 10%, 10 s). */
  public static final OutlierPolicy DEFAULTS =
      new OutlierPolicy(
          5, Duration.ofSeconds(30), Duration.ofSeconds(300), 10, Duration.ofSeconds(10));

  public OutlierPolicy {
    if (consecutiveFailures <= 0) {
      throw new IllegalArgumentException(
          "consecutiveFailures: " + consecutiveFailures + " (expected: > 0)");
    }
    positive("baseEjection", baseEjection);
    positive("maxEjection", maxEjection);
    positive("decayInterval", decayInterval);
    if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
      throw new IllegalArgumentException(
          "maxEjectionPercent: " + maxEjectionPercent + " (expected: 0..100)");
    }
  }

  /** How many of {@code endpoints} may be ejected at once: never the only one, always one of 2+. */
  int maxEjected(int endpoints) {
    if (endpoints < 2) {
      return 0;
    }
    return Math.min(endpoints - 1, Math.max(1, endpoints * maxEjectionPercent / 100));
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
