package dev.sluice.conformance.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One round of a weighted-distribution check (§5.5) for any protocol: run {@code requests} probes
 * that each name the backend that answered, then compare each backend's share with its weight.
 * Stateless.
 */
final class Weights {

  private Weights() {}

  static Optional<String> round(
      int requests, int concurrency, Callable<String> probe, Map<String, Double> weights) {
    Map<String, Integer> hits = new HashMap<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        results.add(pool.submit(probe));
      }
      for (Future<String> result : results) {
        hits.merge(result.get(), 1, Integer::sum);
      }
    } catch (Exception e) {
      return Optional.of("a request failed: " + e.getMessage());
    }
    for (String backend : hits.keySet()) {
      if (!weights.containsKey(backend) || weights.get(backend) == 0.0) {
        return Optional.of("unexpected backend " + backend + " in " + hits);
      }
    }
    for (var weight : weights.entrySet()) {
      double share = hits.getOrDefault(weight.getKey(), 0) / (double) requests;
      if (Math.abs(share - weight.getValue()) > HttpChecks.WEIGHT_TOLERANCE) {
        return Optional.of("hits " + hits + " out of tolerance for " + weight.getKey());
      }
    }
    return Optional.empty();
  }

  /** The backend name: the pod name without its last two {@code -} segments (§4.4). */
  static String backendName(String pod) {
    String[] parts = pod.split("-");
    return parts.length <= 2
        ? pod
        : String.join("-", java.util.Arrays.copyOf(parts, parts.length - 2));
  }
}
