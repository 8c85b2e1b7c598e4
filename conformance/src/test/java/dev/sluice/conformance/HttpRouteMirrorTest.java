package dev.sluice.conformance;

import static dev.sluice.conformance.checks.HttpCase.get;
import static dev.sluice.conformance.harness.BaseConfig.INFRA;

import dev.sluice.conformance.checks.Eventually;
import dev.sluice.conformance.checks.HttpCase;
import dev.sluice.conformance.checks.HttpChecks;
import dev.sluice.conformance.checks.StatusChecks;
import dev.sluice.conformance.harness.BackendFleet;
import dev.sluice.conformance.harness.ConformanceExtension;
import dev.sluice.conformance.harness.ConformanceSuite;
import dev.sluice.conformance.report.Upstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GATEWAY-HTTP: percentage mirroring, counted statistically (notes §2.4, §5.6). */
@ExtendWith(ConformanceExtension.class)
class HttpRouteMirrorTest {

  static final int REQUESTS = 500;
  static final int CONCURRENCY = 10;
  static final int ATTEMPTS = 5;

  @Test
  @Upstream(
      features = {"Gateway", "HTTPRoute", "HTTPRouteRequestPercentageMirror"},
      provisional = true)
  void HTTPRouteRequestPercentageMirror(ConformanceSuite suite) {
    suite.apply("httproute-request-percentage-mirror");
    String gw =
        StatusChecks.httpRoutesAccepted(suite, "same-namespace", "request-percentage-mirror");
    expectMirroredShare(suite.fleet(), gw, "/percent-mirror", c -> c, 0.20);
    expectMirroredShare(suite.fleet(), gw, "/percent-mirror-fraction", c -> c, 0.50);
    expectMirroredShare(
        suite.fleet(),
        gw,
        "/percent-mirror-and-modify-headers",
        HttpRouteModifierTest::withHeaderEdits,
        0.35);
  }

  /**
   * Sends {@value #REQUESTS} requests sharing one request id and checks that the number mirrored to
   * infra-backend-v2 lies within three standard deviations of {@code share}; up to {@value
   * #ATTEMPTS} attempts, each with a new id.
   */
  private static void expectMirroredShare(
      BackendFleet fleet, String gw, String path, UnaryOperator<HttpCase> filters, double share) {
    double mean = REQUESTS * share;
    double spread = 3 * Math.sqrt(REQUESTS * share * (1 - share));
    String last = "";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      String id = UUID.randomUUID().toString();
      String uri = path + "?gateway-api-conformance-request-id=" + id;
      Optional<String> failure =
          batch(gw, () -> filters.apply(get(uri).backend("infra-backend-v1", INFRA)));
      if (failure.isPresent()) {
        last = failure.get();
        continue;
      }
      long mirrored = settledCount(fleet, uri);
      if (Math.abs(mirrored - mean) <= spread) {
        return;
      }
      last = mirrored + " of " + REQUESTS + " mirrored, expected " + mean + " ± " + spread;
    }
    throw new AssertionError(path + " mirror share: " + last);
  }

  private static Optional<String> batch(String gw, Supplier<HttpCase> request) {
    try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
      List<Future<Optional<String>>> results = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        results.add(pool.submit(() -> HttpChecks.attempt(gw, request.get())));
      }
      for (Future<Optional<String>> result : results) {
        Optional<String> failure = result.get();
        if (failure.isPresent()) {
          return failure;
        }
      }
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of("a request failed: " + e);
    }
  }

  /** The mirror count once it stopped growing (mirrors are fire-and-forget). */
  private static long settledCount(BackendFleet fleet, String uri) {
    long[] last = {-1};
    Eventually.consistent(
        "mirror count of " + uri + " settles",
        1,
        Duration.ofSeconds(10),
        () -> {
          long now = fleet.echoCount(INFRA, "infra-backend-v2", uri);
          boolean settled = now == last[0];
          last[0] = now;
          return settled ? Optional.empty() : Optional.of("still growing at " + now);
        });
    return last[0];
  }
}
