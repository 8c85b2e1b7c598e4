package dev.sluice.echo;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code /retry/...} simulator of the conformance echo server: requests carrying the same
 * {@code uuid} fail until {@code succeedAfter} of them have failed, then succeed. A failure is a
 * {@code responseCode} response, or a TCP reset when no code is given.
 *
 * <p>Thread-safe: one instance per server, shared by its connections. Counters are kept for the
 * server's lifetime (it is a test backend; each test attempt uses a fresh uuid).
 */
final class RetrySimulator {

  /** What to do with one {@code /retry} request. */
  sealed interface Decision {}

  /** The query lacks or garbles a parameter; answer 400. */
  record BadRequest(String message) implements Decision {}

  /** Fail after {@code delay}: with {@code status}, or by resetting the connection when empty. */
  record Fail(Duration delay, OptionalInt status) implements Decision {}

  /** Enough attempts have failed: echo the request. */
  record Succeed() implements Decision {}

  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  Decision decide(QueryStringDecoder query) {
    Map<String, List<String>> parameters = query.parameters();
    Optional<String> uuid = first(parameters, "uuid");
    Optional<String> succeedAfter = first(parameters, "succeedAfter");
    if (uuid.isEmpty() || succeedAfter.isEmpty()) {
      return new BadRequest("retry requests need the query parameters uuid and succeedAfter");
    }
    try {
      int failures = Integer.parseInt(succeedAfter.get());
      OptionalInt status = statusOf(first(parameters, "responseCode"));
      Duration delay = first(parameters, "delayRetry").map(GoDuration::parse).orElse(Duration.ZERO);
      AtomicInteger counter = attempts.computeIfAbsent(uuid.get(), unused -> new AtomicInteger());
      boolean fail = counter.getAndUpdate(n -> n < failures ? n + 1 : n) < failures;
      return fail ? new Fail(delay, status) : new Succeed();
    } catch (IllegalArgumentException e) {
      return new BadRequest(e.getMessage());
    }
  }

  private static OptionalInt statusOf(Optional<String> responseCode) {
    if (responseCode.isEmpty()) {
      return OptionalInt.empty();
    }
    int status = Integer.parseInt(responseCode.get());
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException(
          "responseCode: " + status + " (expected: an HTTP status, 100..599)");
    }
    return OptionalInt.of(status);
  }

  private static Optional<String> first(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
