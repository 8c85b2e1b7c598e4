package dev.sluice.conformance.checks;

import dev.sluice.conformance.harness.BackendFleet;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The HTTP checks of the suite: {@code MakeRequestAndExpectEventuallyConsistentResponse} (§5.3),
 * mirror detection (§5.6) and weighted distribution (§5.5). Stateless.
 */
public final class HttpChecks {

  /** How far a backend's share may be from its weight (§5.5). */
  public static final double WEIGHT_TOLERANCE = 0.05;

  static final int WEIGHT_REQUESTS = 500;
  static final int WEIGHT_CONCURRENCY = 10;
  static final int WEIGHT_ROUNDS = 10;

  private HttpChecks() {}

  /** Sends {@code c} once; empty when the response meets it, else why not. */
  public static Optional<String> attempt(String address, HttpCase c) {
    try {
      HttpResult response = send(address, c);
      return RoundTrip.compare(address, c, response);
    } catch (IOException | RuntimeException e) {
      return Optional.of("request failed: " + e);
    }
  }

  /** Sends {@code c} with the client its protocol needs. */
  public static HttpResult send(String address, HttpCase c) throws IOException {
    return switch (c.protocol) {
      case HTTP1 -> Http1Client.send(address, c, new AtomicBoolean());
      case H2, H2C -> Http2Client.send(address, c);
    };
  }

  /** Waits until {@code c} passes three times in a row. */
  public static void expect(String address, HttpCase c) {
    Eventually.consistent(c.toString(), () -> attempt(address, c));
  }

  /** Checks every case in turn. */
  public static void expectAll(String address, List<HttpCase> cases) {
    cases.forEach(c -> expect(address, c));
  }

  /**
   * {@code ExpectMirroredRequest}: sends {@code c} with a fresh request id until it converges, then
   * waits (10 s) until each of {@code mirrors} (Services {@code namespace/name}) echoed it.
   */
  public static void expectMirrored(
      BackendFleet fleet, String address, HttpCase c, List<String> mirrors) {
    String id = UUID.randomUUID().toString();
    c.withQueryParameter("gateway-api-conformance-request-id", id);
    expect(address, c);
    for (String mirror : mirrors) {
      String[] parts = mirror.split("/", 2);
      String uri = c.expectedPath.orElse(c.path);
      Eventually.consistent(
          "mirror of " + uri + " to " + mirror,
          1,
          Duration.ofSeconds(10),
          () ->
              fleet.echoCount(parts[0], parts[1], c.path) > 0
                  ? Optional.empty()
                  : Optional.of(mirror + " did not echo " + c.path));
    }
  }

  /**
   * Sends {@value #WEIGHT_REQUESTS} requests ({@value #WEIGHT_CONCURRENCY} at a time, half with an
   * {@code X-Jitter} header) and checks every backend's share is within {@link #WEIGHT_TOLERANCE}
   * of its weight; up to {@value #WEIGHT_ROUNDS} rounds.
   *
   * @param weights expected share by backend name (pod name minus two segments); 0 = no hits
   */
  public static void expectWeights(
      String address, Supplier<HttpCase> request, Map<String, Double> weights) {
    expect(address, request.get());
    String last = "";
    for (int round = 0; round < WEIGHT_ROUNDS; round++) {
      Optional<String> failure = weightRound(address, request, weights);
      if (failure.isEmpty()) {
        return;
      }
      last = failure.get();
    }
    throw new AssertionError(
        "weights " + weights + " not met in " + WEIGHT_ROUNDS + " rounds: " + last);
  }

  private static Optional<String> weightRound(
      String address, Supplier<HttpCase> request, Map<String, Double> weights) {
    Map<String, Integer> hits = new HashMap<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(WEIGHT_CONCURRENCY)) {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < WEIGHT_REQUESTS; i++) {
        results.add(pool.submit(() -> backendOf(address, request.get())));
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
      double share = hits.getOrDefault(weight.getKey(), 0) / (double) WEIGHT_REQUESTS;
      if (Math.abs(share - weight.getValue()) > WEIGHT_TOLERANCE) {
        return Optional.of("hits " + hits + " out of tolerance for " + weight.getKey());
      }
    }
    return Optional.empty();
  }

  private static String backendOf(String address, HttpCase c) throws IOException {
    if (ThreadLocalRandom.current().nextBoolean()) {
      c.header("X-Jitter", Integer.toString(ThreadLocalRandom.current().nextInt(10_000)));
    }
    HttpResult response = send(address, c);
    Optional<String> failure = RoundTrip.compare(address, c, response);
    if (failure.isPresent()) {
      throw new IOException(failure.get());
    }
    return response.echoed().map(EchoedRequest::backend).orElse("");
  }
}
